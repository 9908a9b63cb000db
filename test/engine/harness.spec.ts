// Self-tests of the engine-path harness (capture, host, secrets, mini engine) against the toy dynamic resource.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { capture, registration, type Registration } from "../support/engine-model/capture";
import { DeploymentError, Engine } from "../support/engine-model/engine";
import { HostCallError, startHost, stopAllHosts } from "../support/engine-model/host";
import { secretKeys } from "../support/engine-model/secrets";
import { formatTiming, maxInFlight, summarize } from "../support/engine-model/timing";
import { UNKNOWN, secret } from "../support/engine-model/wire";
import { readLog, readRecord, recordDir, removeRecord } from "../support/engine-model/toy/records";
import { tempDir } from "../support/tempDirs";
import { TOY_TYPE, ToyRecord, type ToyRecordArgs } from "../support/engine-model/toy/resource";

const PROJECT = "proj";
const STACK = "dev";
const urnOf = (name: string): string => `urn:pulumi:${STACK}::${PROJECT}::${TOY_TYPE}::${name}`;

/** Captures a program of toy records, one per entry, each depending on nothing but its own inputs. */
function records(
  dir: string,
  specs: { name: string; args?: Partial<ToyRecordArgs>; opts?: pulumi.CustomResourceOptions }[],
  preview = false,
): Promise<Registration[]> {
  return capture(
    () => {
      for (const s of specs) new ToyRecord(s.name, { dir, recordName: s.name, ...s.args }, s.opts);
    },
    { project: PROJECT, stack: STACK, preview },
  );
}

function printTiming(label: string, timing: Parameters<typeof formatTiming>[0]): void {
  if (process.env.HARNESS_TIMING)
    console.log(`    ${label}\n${formatTiming(timing).replace(/^/gm, "      ")}`);
}

describe("engine harness", function () {
  this.timeout(60_000);
  after(() => stopAllHosts());

  describe("capture", () => {
    it("records the type token, URN, serialized __provider, secrets and the options the engine acts on", async () => {
      const dir = recordDir();
      const regs = await capture(
        () => {
          const a = new ToyRecord("a", { dir, recordName: "a" });
          new ToyRecord(
            "b",
            { dir, recordName: "b", group: a.id, token: pulumi.secret("t0p") },
            {
              deleteBeforeReplace: true,
              additionalSecretOutputs: ["value"],
              dependsOn: [a],
              aliases: [{ name: "old-b" }],
              replaceOnChanges: ["group"],
            },
          );
        },
        { project: PROJECT, stack: STACK },
      );

      assert.deepStrictEqual(
        regs.map((r) => [r.type, r.name, r.urn]),
        [
          [TOY_TYPE, "a", urnOf("a")],
          [TOY_TYPE, "b", urnOf("b")],
        ],
      );
      const a = registration(regs, "a");
      const b = registration(regs, "b");
      assert.match(String(b.inputs.__provider), /exports\.handler/);
      assert.strictEqual(b.inputs.group, "a-id");
      assert.deepStrictEqual(b.inputs.token, secret("t0p"));
      assert.strictEqual(a.options.deleteBeforeReplace, undefined);
      assert.strictEqual(b.options.deleteBeforeReplace, true);
      assert.deepStrictEqual(b.options.additionalSecretOutputs, ["value"]);
      assert.deepStrictEqual(b.dependencies, [urnOf("a")]);
      assert.deepStrictEqual(b.options.aliases, [{ name: "old-b" }]);
      assert.deepStrictEqual(b.options.replaceOnChanges, ["group"]);
    });

    it("turns ids and outputs a preview mock leaves out into the unknown sentinel, without touching global mocks", async () => {
      const dryRunBefore = pulumi.runtime.isDryRun();
      const program = (dir: string) => () => {
        const a = new ToyRecord("a", { dir, recordName: "a" });
        new ToyRecord("b", { dir, recordName: "b", group: a.id, value: a.value });
      };
      const mocks = (args: pulumi.runtime.MockResourceArgs) =>
        args.name === "a" ? { id: undefined, state: {} } : { id: `${args.name}-id`, state: args.inputs };
      const inPreview = await capture(program(recordDir()), { preview: true, mocks });
      assert.strictEqual(registration(inPreview, "b").inputs.group, UNKNOWN);
      assert.strictEqual(registration(inPreview, "b").inputs.value, UNKNOWN);

      const inUp = await capture(program(recordDir()), {
        mocks: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs, value: "v" } }),
      });
      assert.strictEqual(registration(inUp, "b").inputs.group, "a-id");
      assert.strictEqual(registration(inUp, "b").inputs.value, "v");
      assert.strictEqual(pulumi.runtime.isDryRun(), dryRunBefore);
    });
  });

  describe("host", () => {
    it("round-trips configure, check, create, read and delete with effects on disk", async () => {
      const dir = recordDir();
      const [reg] = await records(dir, [{ name: "r1", args: { value: "v1" } }]);
      assert.ok(reg);
      const host = await startHost({ project: PROJECT, config: { [`${PROJECT}:label`]: "L" } });
      try {
        const configured = await host.configure({ [`${PROJECT}:label`]: "L" });
        assert.strictEqual(configured.acceptSecrets, false);
        assert.strictEqual(configured.supportsPreview, false);
        const checked = await host.check(reg.urn, {}, reg.inputs);
        assert.deepStrictEqual(checked.failures, []);
        const created = await host.create(reg.urn, checked.inputs);
        assert.strictEqual(created.id, "r1");
        assert.strictEqual(created.properties.__provider, reg.inputs.__provider);
        assert.deepStrictEqual(readRecord(dir, "r1"), { dir, recordName: "r1", value: "v1" });
        assert.strictEqual(readLog(dir).find((e) => e.op === "create")?.label, "L");

        const read = await host.read(reg.urn, "r1", created.properties);
        assert.strictEqual(read.id, "r1");
        assert.strictEqual(read.properties.value, "v1");

        await host.delete(reg.urn, "r1", created.properties);
        assert.strictEqual(readRecord(dir, "r1"), undefined);
        assert.strictEqual((await host.read(reg.urn, "r1", created.properties)).id, "");
        assert.ok(host.pid > 0);
        printTiming(`host start ${host.startMs.toFixed(0)}ms`, summarize(host.calls));
      } finally {
        await host.stop();
      }
    });

    it("surfaces the provider's error message and a partial create's id and properties", async () => {
      const dir = recordDir();
      const [reg] = await records(dir, [{ name: "half", args: { failInit: true } }]);
      assert.ok(reg);
      const host = await startHost({ project: PROJECT });
      try {
        await host.configure();
        const partial = await host.create(reg.urn, reg.inputs).then(
          () => assert.fail("create should fail"),
          (e: unknown) => e,
        );
        assert.ok(partial instanceof HostCallError);
        assert.strictEqual(partial.message, "record half failed to initialize");
        assert.strictEqual(partial.initFailure?.id, "half");
        assert.strictEqual(partial.initFailure?.properties.recordName, "half");
        assert.deepStrictEqual(partial.initFailure?.reasons, ["failInit was set"]);

        await assert.rejects(host.create(reg.urn, reg.inputs), (e: unknown) => {
          assert.ok(e instanceof HostCallError);
          assert.strictEqual(e.message, "record half already exists");
          assert.strictEqual(e.initFailure, undefined);
          return true;
        });
      } finally {
        await host.stop();
      }
    });
  });

  describe("engine", () => {
    it("keeps a secret input secret in the state while the provider only ever sees plain text", async () => {
      const dir = recordDir();
      const regs = await records(dir, [
        {
          name: "s",
          args: { token: pulumi.secret("hunter2"), value: "v" },
          opts: { additionalSecretOutputs: ["value"] },
        },
      ]);
      const engine = new Engine({ project: PROJECT });
      await engine.up(regs);

      const state = engine.resource("s");
      assert.deepStrictEqual(secretKeys(state.inputs), ["token"]);
      assert.deepStrictEqual(secretKeys(state.outputs), ["token", "value"]);
      assert.deepStrictEqual(state.outputs.token, secret("hunter2"));
      assert.strictEqual(readRecord(dir, "s")?.token, "hunter2");

      const file = path.join(tempDir("state"), "state.json");
      engine.save(file);
      assert.deepStrictEqual(secretKeys(new Engine().load(file).resource("s").outputs), ["token", "value"]);
    });

    it("sends an unknown input to check as the sentinel during preview and creates nothing", async () => {
      const dir = recordDir();
      const regs = await capture(
        () => {
          const a = new ToyRecord("a", { dir, recordName: "a" });
          new ToyRecord("b", { dir, recordName: "b", group: a.id });
        },
        { project: PROJECT, stack: STACK, preview: true },
      );
      const result = await new Engine({ project: PROJECT }).preview(regs);

      assert.deepStrictEqual(
        result.steps.map((s) => [s.op, s.urn]),
        [
          ["create", urnOf("a")],
          ["create", urnOf("b")],
        ],
      );
      const checkOfB = readLog(dir).find((e) => e.op === "check" && e.recordName === "b");
      assert.strictEqual(checkOfB?.group, UNKNOWN);
      assert.deepStrictEqual(
        result.calls.map((c) => c.kind),
        ["configure", "check", "check"],
      );
      assert.strictEqual(readRecord(dir, "a"), undefined);
    });

    it("deletes before creating when diff asks for it, and creates first when the program overrides it", async () => {
      const dir = recordDir();
      const engine = new Engine({ project: PROJECT });
      await engine.up(await records(dir, [{ name: "r", args: { group: "g1" } }]));
      const logStart = readLog(dir).length;

      const result = await engine.up(await records(dir, [{ name: "r", args: { group: "g2" } }]));
      assert.deepStrictEqual(
        result.steps.map((s) => [s.op, s.replaces, s.deleteBeforeReplace]),
        [
          ["delete-replaced", undefined, undefined],
          ["replace", ["group"], true],
        ],
      );
      assert.deepStrictEqual(
        readLog(dir)
          .slice(logStart)
          .filter((e) => e.op !== "check")
          .map((e) => [e.op, e.group]),
        [
          ["delete", "g1"],
          ["create", "g2"],
        ],
      );
      assert.strictEqual(readRecord(dir, "r")?.group, "g2");

      // deleteBeforeReplace: false overrides the provider: the create meets the record it should have replaced.
      const overridden = await records(dir, [
        { name: "r", args: { group: "g3" }, opts: { deleteBeforeReplace: false } },
      ]);
      await assert.rejects(engine.up(overridden), (e: unknown) => {
        assert.ok(e instanceof DeploymentError);
        assert.strictEqual(e.message, "record r already exists");
        assert.deepStrictEqual(e.result.diagnostics, [
          { urn: urnOf("r"), message: "record r already exists" },
        ]);
        return true;
      });
      assert.strictEqual(engine.resource("r").outputs.group, "g2");
    });

    it("drops a resource from the state when refresh reads an empty id", async () => {
      const dir = recordDir();
      const engine = new Engine({ project: PROJECT });
      await engine.up(await records(dir, [{ name: "kept" }, { name: "gone" }]));
      removeRecord(dir, "gone");

      const result = await engine.refresh();
      assert.deepStrictEqual(result.steps.map((s) => [s.op, s.urn]).sort(), [
        ["delete", urnOf("gone")],
        ["same", urnOf("kept")],
      ]);
      assert.deepStrictEqual(
        engine.resources().map((r) => r.id),
        ["kept"],
      );
    });

    it("reports check failures with the property, its value and the reason, and creates nothing", async () => {
      const dir = recordDir();
      const regs = await records(dir, [{ name: "ok" }, { name: "bad", args: { recordName: "Bad Name" } }]);
      const expected =
        `${TOY_TYPE} resource 'bad': property recordName value {Bad Name} has a problem: ` +
        "must be lowercase letters, digits and dashes";
      const engine = new Engine({ project: PROJECT });

      await assert.rejects(engine.preview(regs), (e: unknown) => {
        assert.ok(e instanceof DeploymentError);
        assert.strictEqual(e.message, expected);
        return true;
      });
      await assert.rejects(engine.up(regs, { parallelism: 1 }), (e: unknown) => {
        assert.ok(e instanceof DeploymentError);
        assert.deepStrictEqual(e.result.diagnostics, [{ urn: urnOf("bad"), message: expected }]);
        return true;
      });
      assert.strictEqual(readLog(dir).filter((e) => e.op === "create" && e.recordName === "bad").length, 0);
      assert.ok(!engine.has("bad"));
    });

    it("runs creates on at most `parallelism` workers, deletes what the program dropped, and destroys the rest", async () => {
      const dir = recordDir();
      const names = Array.from({ length: 12 }, (_, i) => `n${i}`);
      const engine = new Engine({ project: PROJECT, parallelism: 4 });
      // One host for the three operations: the reuse option (the engine would start one per operation).
      const host = await startHost({ project: PROJECT });
      const up = await engine.up(
        await records(
          dir,
          names.map((name) => ({ name, args: { delayMs: 100 } })),
        ),
        { host },
      );
      assert.strictEqual(up.steps.filter((s) => s.op === "create").length, 12);
      assert.ok(
        maxInFlight(up.calls, "create") <= 4,
        `${maxInFlight(up.calls, "create")} creates overlapped`,
      );
      printTiming(`up of 12, ${maxInFlight(up.calls, "create")} creates in flight at most`, up.timing);

      const second = await engine.up(
        await records(
          dir,
          names.slice(0, 8).map((name) => ({ name, args: { delayMs: 100 } })),
        ),
        {
          host,
        },
      );
      assert.deepStrictEqual(second.steps.map((s) => s.op).sort(), [
        ...Array(4).fill("delete"),
        ...Array(8).fill("same"),
      ]);
      assert.deepStrictEqual(
        engine.resources().map((r) => r.id),
        names.slice(0, 8),
      );

      await engine.destroy({ host });
      assert.deepStrictEqual(engine.resources(), []);
      assert.deepStrictEqual(
        fs.readdirSync(dir).filter((f) => f !== "log.jsonl"),
        [],
      );
      assert.strictEqual(host.calls.filter((c) => c.kind === "configure").length, 3);
      await host.stop();
    });
  });
});
