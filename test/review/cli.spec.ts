// cognito-link-review on previews the real Pulumi CLI made of real programs, in both of its input formats.
//
// Each scenario runs `pulumi preview --json --show-sames --event-log FILE` once (test/support/previewJson.ts), so
// the two inputs describe the same preview, and the command must say the same of both.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UserProviderLink } from "../../provider";
import { analyze, type ReviewDocument } from "../../provider/review/analyze";
import { readPreview } from "../../provider/review/read";
import { markdown } from "../../provider/review/render";
import { useScenarios } from "../support/cliScenario";
import { LINK_TYPE, POOL_ID } from "../support/links";
import { REPO_ROOT } from "../support/paths";
import { type JsonPreview, previewJson } from "../support/previewJson";
import { after, before, many, review, SECRET_SUBJECT } from "../support/reviewPrograms";

const FORMATS = ["markdown", "text", "json"];

/** The two inputs of one preview, by name. */
function inputs(p: JsonPreview): [string, string][] {
  return [
    ["pulumi preview --json", p.json],
    ["the event log", p.eventLog],
  ];
}

async function doc(input: string, extra: string[] = []): Promise<ReviewDocument> {
  const run = await review(["--format", "json", ...extra], input);
  assert.strictEqual(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as ReviewDocument;
}

/** `action name` per row, in the report's order. */
function rows(d: ReviewDocument): string[] {
  return d.links.map((l) => `${l.action} ${l.urn.split("::").pop()}`);
}

const urn = (name: string, parents = "") => `urn:pulumi:dev::proj::${parents}${LINK_TYPE}::${name}`;

describe("cognito-link-review on real previews", function () {
  this.timeout(180_000);
  const scenarios = useScenarios();

  it("names every action (link, unlink, relink, move, keep) with pool, user, provider and subject; a secret stays [secret]", async () => {
    const s = await scenarios.start(before);
    const up = await s.stack.up();
    assert.ok(up.ok, up.output);
    s.stack.program = after;

    const p = await previewJson(s.stack, { args: ["--show-sames"] });

    assert.strictEqual(p.status, 0, p.stderr);
    for (const [what, input] of inputs(p)) {
      const d = await doc(input);
      assert.deepStrictEqual(
        d.summary,
        { link: 2, unlink: 1, relink: 1, move: 2, keep: 1, blocking: 0, other: 1 },
        what,
      );
      assert.deepStrictEqual(
        rows(d),
        [
          "unlink bob-google",
          "relink alice-google",
          "link bob-secret",
          "link seeded-CorpSAML-carol-nameid",
          "move carol-primary",
          "move dave-google",
        ],
        what,
      );
      const by = (name: string) => d.links.find((l) => l.urn.endsWith(`::${name}`))!;
      assert.deepStrictEqual(by("alice-google"), {
        action: "relink",
        urn: urn("alice-google"),
        pool: POOL_ID,
        user: "alice",
        provider: "Google",
        attribute: "Cognito_Subject",
        subject: "1111111",
        secret: false,
        before: {
          pool: POOL_ID,
          user: "alice",
          provider: "Google",
          attribute: "Cognito_Subject",
          subject: "1098765",
        },
        reason: "subject changed",
      });
      assert.deepStrictEqual(by("bob-google"), {
        action: "unlink",
        urn: urn("bob-google"),
        pool: POOL_ID,
        user: "bob",
        provider: "Google",
        attribute: "Cognito_Subject",
        subject: "2098765",
        secret: false,
      });
      assert.deepStrictEqual(by("bob-secret"), {
        action: "link",
        urn: urn("bob-secret"),
        pool: POOL_ID,
        user: "bob",
        provider: "Google",
        attribute: "Cognito_Subject",
        subject: "[secret]",
        secret: true,
      });
      const seeded = by("seeded-CorpSAML-carol-nameid");
      assert.strictEqual(
        seeded.urn,
        urn("seeded-CorpSAML-carol-nameid", "cognito-links:index:SeededUserLinks$"),
      );
      assert.deepStrictEqual(
        [seeded.user, seeded.provider, seeded.subject],
        ["carol", "CorpSAML", "carol-nameid"],
      );
      assert.strictEqual(by("carol-primary").reason, "renamed from carol-google");
      assert.strictEqual(by("dave-google").reason, "re-parented from the stack to team");
      assert.strictEqual(by("dave-google").urn, urn("dave-google", "acme:index:Team$"));

      // keep rows are counted, not listed; --all lists them.
      assert.ok(!d.links.some((l) => l.action === "keep"));
      const all = await doc(input, ["--all"]);
      assert.deepStrictEqual(
        all.links.filter((l) => l.action === "keep").map((l) => [l.urn.split("::").pop(), l.subject]),
        [["alice-saml", "alice@corp.example"]],
      );
    }

    // The same document from both inputs; no output of any format gives the secret away.
    const [fromJson, fromEvents] = await Promise.all(inputs(p).map(([, input]) => doc(input, ["--all"])));
    assert.deepStrictEqual(fromJson, fromEvents);
    assert.ok(p.json.includes("[secret]"), "the CLI's JSON shows the secret as [secret]");
    for (const [what, input] of inputs(p)) {
      for (const format of FORMATS) {
        for (const extra of [[], ["--all"]]) {
          const run = await review(["--format", format, ...extra], input);
          assert.strictEqual(run.status, 0, `${what} ${format}: ${run.stderr}`);
          assert.ok(
            !run.stdout.includes(SECRET_SUBJECT),
            `${what} --format ${format} ${extra} leaks the secret`,
          );
          assert.ok(
            !run.stderr.includes(SECRET_SUBJECT),
            `${what} --format ${format} leaks the secret on stderr`,
          );
          assert.ok(run.stdout.includes("[secret]"), `${what} --format ${format} shows [secret]`);
        }
      }
    }
  });

  it("puts the summary line first and the keep count in it; markdown lists the actions as a table", async () => {
    const s = await scenarios.start(before);
    assert.ok((await s.stack.up()).ok);
    s.stack.program = after;
    const p = await previewJson(s.stack, { args: ["--show-sames"] });

    const md = await review([], p.eventLog);
    const text = await review(["--format", "text"], p.eventLog);

    assert.strictEqual(
      md.stdout.split("\n")[0],
      "**Cognito links:** 2 link · 1 unlink · 1 relink · 2 move · 1 keep · 0 blocking · 1 other (create 1)",
    );
    assert.match(
      md.stdout,
      /\| \*\*relink\*\* \| `alice-google` \| `us-east-1_EngineLinks` \| `alice` \| `Google` \| `1098765` → `1111111` \| subject changed \|/,
    );
    assert.match(
      md.stdout,
      /\| \*\*link\*\* \| `bob-secret` \| `us-east-1_EngineLinks` \| `bob` \| `Google` \| `\[secret\]` \|/,
    );
    assert.ok(!md.stdout.includes("<details>"), "a short report is not folded");
    assert.strictEqual(
      text.stdout.split("\n")[0],
      "cognito-link-review: 2 link, 1 unlink, 1 relink, 2 move, 1 keep, 0 blocking, 1 other (create 1)",
    );
    assert.match(text.stdout, /^unlink +bob-google +us-east-1_EngineLinks +bob +Google +2098765$/m);
    // Without --show-sames the CLI's JSON does not list unchanged resources: moves cannot be seen, and it says so.
    const bare = await previewJson(s.stack);
    const partial = await review([], bare.json);
    assert.match(partial.stdout, /^> 3 unchanged resource\(s\) are not itemized .*--show-sames/m);
    const partialJson = await review(["--format", "json"], bare.json);
    assert.match(partialJson.stderr, /note: 3 unchanged resource\(s\) are not itemized/);
    assert.deepStrictEqual(Object.keys(JSON.parse(partialJson.stdout)), ["summary", "links", "failures"]);
  });

  it("reports a failed validation check as a blocking row with its reason; --fail-on-blocking exits 1", async () => {
    const s = await scenarios.start(() => {
      before();
      new UserProviderLink("bad-source", {
        userPoolId: POOL_ID,
        destinationUser: { providerAttributeValue: "bob" },
        sourceUser: { providerName: "Cognito", providerAttributeValue: "bob" },
      });
    });

    const p = await previewJson(s.stack);

    assert.notStrictEqual(p.status, 0, "the preview fails");
    for (const [what, input] of inputs(p)) {
      const d = await doc(input);
      assert.strictEqual(d.summary.blocking, 1, what);
      assert.deepStrictEqual(d.failures[0], {
        urn: urn("bad-source"),
        property: "sourceUser.providerName",
        reason:
          "must not be `Cognito`: native users can only be a destinationUser, and unlinking such a source would " +
          "stop that user's password sign-in; name an external identity provider of the pool " +
          "(Google, Facebook, LoginWithAmazon, SignInWithApple, or a SAML/OIDC provider)",
      });
      const md = await review([], input);
      assert.strictEqual(md.status, 0);
      assert.match(md.stdout, /^\*\*Cognito links:\*\* .* · 1 blocking · /);
      assert.match(md.stdout, /\| `bad-source` \| `sourceUser.providerName` \| must not be /);
      assert.match(md.stdout, /^> The preview failed\. Pulumi stops at the first failed check/m);
      assert.strictEqual((await review(["--fail-on-blocking"], input)).status, 1, what);
      assert.strictEqual((await review(["--fail-on-blocking", "--format", "text"], input)).status, 1, what);
    }
  });

  it("reports a failed preflight check (a user that does not exist) as a blocking row", async () => {
    const s = await scenarios.start(() => {
      new UserProviderLink("zed-google", {
        userPoolId: POOL_ID,
        destinationUser: { providerAttributeValue: "zed" },
        sourceUser: { providerName: "Google", providerAttributeValue: "777" },
      });
    });

    const p = await previewJson(s.stack);

    for (const [what, input] of inputs(p)) {
      const d = await doc(input);
      assert.deepStrictEqual(
        d.failures.map((f) => [f.urn, f.property]),
        [[urn("zed-google"), "destinationUser.providerAttributeValue"]],
        what,
      );
      assert.match(d.failures[0]!.reason, /^user zed does not exist in user pool us-east-1_EngineLinks/);
      const text = await review(["--format", "text"], input);
      assert.match(
        text.stdout,
        /^BLOCKING +zed-google +destinationUser\.providerAttributeValue +user zed does not exist/m,
      );
    }
  });

  it("folds a long markdown report (60 links) into <details>, the summary first", async () => {
    const s = await scenarios.start(many(60), { env: { COGNITO_LINK_PREFLIGHT: "off" } });

    const p = await previewJson(s.stack);
    const failing = analyze(
      await readPreview(
        (
          await previewJson(s.stack, {
            program: () => {
              new UserProviderLink("bad-source", {
                userPoolId: POOL_ID,
                destinationUser: { providerAttributeValue: "bob" },
                sourceUser: { providerName: "Cognito", providerAttributeValue: "bob" },
              });
            },
          })
        ).eventLog.split("\n"),
      ),
    );

    assert.strictEqual(p.status, 0, p.stderr);
    assert.strictEqual(failing.failures.length, 1);
    for (const [what, input] of inputs(p)) {
      const md = (await review([], input)).stdout;
      const lines = md.split("\n");
      assert.strictEqual(
        lines[0],
        "**Cognito links:** 60 link · 0 unlink · 0 relink · 0 move · 0 keep · 0 blocking · 0 other",
        what,
      );
      assert.ok(md.includes("<details><summary>60 link rows (60 link)</summary>"), what);
      assert.strictEqual(md.match(/^\| \*\*link\*\* \|/gm)?.length, 60, what);
      assert.ok(md.trimEnd().endsWith("</details>"), what);
      // Too long for the comment: the rows that do not fit are left out, and it says how many.
      const review60 = analyze(await readPreview(input.split("\n")));
      const cut = markdown(review60, { maxChars: 4000 });
      assert.ok(cut.length <= 4000, `${cut.length} characters`);
      assert.strictEqual(cut.split("\n")[0], lines[0]);
      const shown = cut.match(/^\| \*\*link\*\* \|/gm)?.length ?? 0;
      assert.ok(shown > 0 && shown < 60, `${shown} rows shown`);
      assert.ok(cut.includes(`… and ${60 - shown} more row(s), left out to fit a pull-request comment`), cut);
      assert.ok(cut.trimEnd().endsWith("</details>"));
      // A failing preview stops before it lists much, so blocking rows and a long list come from two previews
      // here: blocking rows stay in front, outside what folds or is cut.
      const blocked = {
        ...review60,
        failures: failing.failures,
        summary: { ...review60.summary, blocking: 1 },
      };
      const both = markdown(blocked, { maxChars: 4000 });
      assert.ok(both.indexOf("| `bad-source` | `sourceUser.providerName` |") > 0, both);
      assert.ok(both.indexOf("| `bad-source` |") < both.indexOf("<details>"), both);
      assert.match(both.split("\n")[0]!, / · 1 blocking · /);
      const d = await doc(input);
      assert.strictEqual(d.links.length, 60);
      assert.deepStrictEqual(d.links[0], {
        action: "link",
        urn: urn("link-0000"),
        pool: POOL_ID,
        user: "alice",
        provider: "Google",
        attribute: "Cognito_Subject",
        subject: "9000000",
        secret: false,
      });
    }
  });

  it("exits 2 with a one-line reason for unreadable input, from a file or standard input", async () => {
    const s = await scenarios.start(before);
    const p = await previewJson(s.stack);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "review-"));
    try {
      const cut = p.eventLog.slice(0, Math.floor(p.eventLog.length / 2));
      const cases: [string, string, RegExp][] = [
        ["empty", "", /^cognito-link-review: standard input: the input is empty\n$/],
        [
          "not JSON",
          "<html>502 Bad Gateway</html>\n",
          /^cognito-link-review: standard input: neither a `pulumi preview --json` document nor an event log: /,
        ],
        [
          "other JSON",
          '{"resources": []}',
          /^cognito-link-review: standard input: not a `pulumi preview --json` document/,
        ],
        [
          "a --json document cut short",
          p.json.slice(0, 200),
          /^cognito-link-review: standard input: neither a/,
        ],
        [
          "an event log cut mid-line",
          cut.endsWith("\n") ? `${cut}{"seq` : cut,
          /^cognito-link-review: standard input: line \d+ is not JSON/,
        ],
      ];
      for (const [what, input, expected] of cases) {
        const run = await review([], input);
        assert.strictEqual(run.status, 2, what);
        assert.match(run.stderr, expected, what);
        assert.strictEqual(run.stderr.trimEnd().split("\n").length, 1, `${what}: one line`);
        assert.strictEqual(run.stdout, "", what);
      }
      // An event log cut at a line boundary is readable, and says it may be partial.
      const lines = p.eventLog.split("\n");
      const partial = await review(
        ["--format", "text"],
        lines.slice(0, Math.floor(lines.length / 2)).join("\n"),
      );
      assert.strictEqual(partial.status, 0);
      assert.match(partial.stdout, /^note: The event log ends before the preview's summary/m);

      // The real bin: a file argument, standard input, a missing file.
      const file = path.join(dir, "preview.json");
      fs.writeFileSync(file, p.json);
      const bin = (args: string[], input?: string) =>
        spawnSync(
          process.execPath,
          ["-r", "ts-node/register/transpile-only", "provider/review/cli.ts", ...args],
          {
            cwd: REPO_ROOT,
            input,
            encoding: "utf8",
            env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
          },
        );
      const fromFile = bin([file, "--format", "text"]);
      assert.strictEqual(fromFile.status, 0, fromFile.stderr);
      assert.match(fromFile.stdout, /^cognito-link-review: 5 link, /);
      const fromStdin = bin(["--format=text"], p.eventLog);
      assert.strictEqual(fromStdin.status, 0, fromStdin.stderr);
      assert.strictEqual(fromStdin.stdout.split("\n")[0], fromFile.stdout.split("\n")[0]);
      const missing = bin([path.join(dir, "nope.json")]);
      assert.strictEqual(missing.status, 2);
      assert.strictEqual(
        missing.stderr,
        `cognito-link-review: cannot read ${path.join(dir, "nope.json")}: ENOENT\n`,
      );
      const usage = bin(["--format", "yaml", file]);
      assert.strictEqual(usage.status, 2);
      assert.match(usage.stderr, /^cognito-link-review: --format takes markdown, text, json; got "yaml"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
