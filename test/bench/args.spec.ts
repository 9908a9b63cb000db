// The bench's command lines (bench/index.ts, bench/review.ts), run as processes: --help and argument errors only,
// which answer before anything is built or started (the bench itself takes minutes and never runs under npm test).
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { shownPath } from "../../bench/args";
import { REPO_ROOT } from "../support/paths";

/** Runs a bench entry point with `args`; a run that got past its arguments would outlast the timeout. */
function bench(
  script: string,
  args: readonly string[],
): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", script, ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 20_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

for (const [script, command, flags] of [
  ["bench/index.ts", "bench", ["--links N", "--parallel N", "--cli-sample N", "--out FILE", "--no-model"]],
  ["bench/review.ts", "bench:review", ["--links N", "--out FILE"]],
] as const) {
  describe(`${script} (npm run ${command})`, function () {
    this.timeout(30_000);

    it("prints its usage for --help, listing every option, and exits 0", () => {
      const run = bench(script, ["--help"]);
      assert.strictEqual(run.status, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^usage: npm run ${command} -- \\[options\\]\\n`));
      for (const flag of flags) assert.ok(run.stdout.includes(`  ${flag} `), `--help lists ${flag}`);
      assert.strictEqual(run.stderr, "");
    });

    const mistakes: [string[], string][] = [
      [["--frob"], 'unknown argument "--frob"'],
      [["--links"], "--links needs a value (--links N)"],
      [["--links", "many"], '--links takes a whole number, got "many"'],
      [["--links", "0"], "--links takes a whole number above 0, got 0"],
    ];
    for (const [args, message] of mistakes) {
      it(`refuses ${args.join(" ")} in one line on stderr, without a stack trace, and exits 2`, () => {
        const run = bench(script, args);
        assert.strictEqual(run.stderr, `${command}: ${message} (see --help)\n`);
        assert.strictEqual(run.stdout, "");
        assert.strictEqual(run.status, 2);
      });
    }
  });
}

describe("bench results path in messages (shownPath)", () => {
  it("names a file inside the working folder relative to it, and one outside it by its absolute path", () => {
    assert.strictEqual(
      shownPath(path.join(process.cwd(), "bench", "results.md")),
      path.join("bench", "results.md"),
    );
    const outside = path.resolve(process.cwd(), "..", "elsewhere", "results.md");
    assert.strictEqual(shownPath(outside), outside);
  });
});
