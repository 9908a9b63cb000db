// Bad input through the real dynamic-provider host: what the user sees, where it stops, and what reached Cognito.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { UserProviderLink, type UserProviderLinkArgs } from "../../provider";
import { decodeLinkId } from "../../provider/id";
import {
  capture,
  DeploymentError,
  Engine,
  reveal,
  startHost,
  stopAllHosts,
  type HostClient,
  type OperationResult,
  type Registration,
  type StateFile,
} from "../support/engine-model";
import { linkByHand } from "../support/links";
import { signIn, spawnEmulator, type SpawnedEmulator } from "../support/emulator";
import { cognitoClient } from "../support/sdk";
import { emulatorEnv } from "../support/world";
import { AT, cognitoLinks, key, PROJECT } from "../support/reliability";
import { writeSeed } from "../support/seed";
import { tempDir } from "../support/tempDirs";
import { LINK_TYPE } from "../support/links";
import { calls } from "../support/requests";
import { asInstance, rejected } from "../support/rejection";

const POOL = "us-east-1_BadInput1";
/** A second pool, in another region than the one AWS_REGION names. */
const EU_POOL = "eu-west-1_Europe1";
const USERS = [
  "alice",
  "bob",
  "carol",
  "dave",
  "erin",
  "full",
  "jürgen",
  "o'brien+tag@example.com",
  "mangled",
  "grace",
  // A password user named like Google/555's federated user (docs/cognito.md R8): not a sign-in of that identity.
  "google_555",
];

/** Where a case must stop: in the program, in check's validation (no request at all), in check's preflight (reads only), or in create. */
type Stage = "program" | "check" | "preflight" | "create";

interface FailingCase {
  title: string;
  args: unknown;
  stage: Stage;
  /** The property the engine's message names (`property <p> value ...`), when the failure is about one. */
  property?: string;
  message: RegExp[];
}

const long = (n: number, c = "a"): string => c.repeat(n);
const google = (value: unknown): Record<string, unknown> => ({
  providerName: "Google",
  providerAttributeValue: value,
});
const base = (o: Record<string, unknown> = {}): Record<string, unknown> => ({
  userPoolId: POOL,
  destinationUser: { providerAttributeValue: "alice" },
  sourceUser: google("1098765"),
  ...o,
});

const FAILING: FailingCase[] = [
  // userPoolId
  {
    title: "an empty userPoolId",
    args: base({ userPoolId: "" }),
    stage: "check",
    property: "userPoolId",
    message: [/must not be empty: a user pool id such as us-east-1_AbCdEf123/],
  },
  {
    title: "an oversized userPoolId",
    args: base({ userPoolId: `us-east-1_${long(50)}` }),
    stage: "check",
    property: "userPoolId",
    message: [/must be at most 55 characters, got 60/],
  },
  {
    title: "a malformed userPoolId",
    args: base({ userPoolId: "us-east-1-AbC123" }),
    stage: "check",
    property: "userPoolId",
    message: [/is not a user pool id, got "us-east-1-AbC123"/],
  },
  {
    title: "a number as userPoolId",
    args: base({ userPoolId: 20240101 }),
    stage: "check",
    property: "userPoolId",
    message: [/must be a string, got a number \(pass it as a string, e\.g\. "20240101"\)/],
  },
  {
    title: "null as userPoolId",
    args: base({ userPoolId: null }),
    stage: "check",
    property: "userPoolId",
    message: [/is required/],
  },
  {
    title: "a misspelled userPoolID (the resource passes known inputs only)",
    args: { ...base(), userPoolId: undefined, userPoolID: POOL },
    stage: "check",
    property: "userPoolId",
    message: [/is required/],
  },
  // destinationUser
  {
    title: "null as destinationUser",
    args: base({ destinationUser: null }),
    stage: "check",
    property: "destinationUser",
    message: [/is required: \{ providerAttributeValue: <username>/],
  },
  {
    title: "an array as destinationUser",
    args: base({ destinationUser: ["alice"] }),
    stage: "check",
    property: "destinationUser",
    message: [/must be an object, got an array/],
  },
  {
    title: "a username string as destinationUser",
    args: base({ destinationUser: "alice" }),
    stage: "check",
    property: "destinationUser",
    message: [/must be an object, got "alice"/],
  },
  {
    title: "an empty destination username",
    args: base({ destinationUser: { providerAttributeValue: "" } }),
    stage: "check",
    property: "destinationUser.providerAttributeValue",
    message: [/must not be empty/],
  },
  {
    title: "a destination username with a space",
    args: base({ destinationUser: { providerAttributeValue: "alice smith" } }),
    stage: "check",
    property: "destinationUser.providerAttributeValue",
    message: [/must not contain white space, got "alice smith"/],
  },
  {
    title: "an oversized destination username",
    args: base({ destinationUser: { providerAttributeValue: long(129) } }),
    stage: "check",
    property: "destinationUser.providerAttributeValue",
    message: [/must be at most 128 characters, got 129/],
  },
  {
    title: "an object as destination username",
    args: base({ destinationUser: { providerAttributeValue: { name: "alice" } } }),
    stage: "check",
    property: "destinationUser.providerAttributeValue",
    message: [/must be a string, got an? object/],
  },
  {
    title: "a misspelled destinationUser key",
    args: base({ destinationUser: { userName: "alice" } }),
    stage: "check",
    property: "destinationUser.userName",
    message: [
      /is not a property of destinationUser; allowed: providerName, providerAttributeName, providerAttributeValue/,
      /destinationUser\.providerAttributeValue .*is required/,
    ],
  },
  // sourceUser
  {
    title: "no sourceUser",
    args: base({ sourceUser: undefined }),
    stage: "check",
    property: "sourceUser",
    message: [/is required: \{ providerName: 'Google', providerAttributeValue: <subject>/],
  },
  {
    title: "an empty source provider",
    args: base({ sourceUser: { providerName: "", providerAttributeValue: "1" } }),
    stage: "check",
    property: "sourceUser.providerName",
    message: [/must not be empty/],
  },
  {
    title: "Cognito as the source provider",
    args: base({ sourceUser: { providerName: "Cognito", providerAttributeValue: "alice" } }),
    stage: "check",
    property: "sourceUser.providerName",
    message: [/must not be `Cognito`: native users can only be a destinationUser/, /password sign-in/],
  },
  {
    title: "cOgNiTo (any case) as the source provider",
    args: base({ sourceUser: { providerName: "cOgNiTo", providerAttributeValue: "alice" } }),
    stage: "check",
    property: "sourceUser.providerName",
    message: [/must not be `Cognito`/],
  },
  {
    title: "a Cognito source padded with white space",
    args: base({ sourceUser: { providerName: " Cognito", providerAttributeValue: "alice" } }),
    stage: "check",
    property: "sourceUser.providerName",
    message: [/must not start or end with white space, got " Cognito"/],
  },
  {
    title: "an oversized source provider",
    args: base({ sourceUser: { providerName: long(33, "G"), providerAttributeValue: "1" } }),
    stage: "check",
    property: "sourceUser.providerName",
    message: [/must be at most 32 characters, got 33/],
  },
  {
    title: "a number as source provider",
    args: base({ sourceUser: { providerName: 42, providerAttributeValue: "1" } }),
    stage: "check",
    property: "sourceUser.providerName",
    message: [/must be a string, got a number/],
  },
  {
    title: "a non-Cognito_Subject attribute for Google",
    args: base({ sourceUser: { ...google("1"), providerAttributeName: "email" } }),
    stage: "check",
    property: "sourceUser.providerAttributeName",
    message: [/must be Cognito_Subject for Google, got "email": social providers link by subject only/],
  },
  {
    title: "an empty subject",
    args: base({ sourceUser: google("") }),
    stage: "check",
    property: "sourceUser.providerAttributeValue",
    message: [/must not be empty/],
  },
  {
    title: "a subject with a control character",
    args: base({ sourceUser: google("10987\u000065") }),
    stage: "check",
    property: "sourceUser.providerAttributeValue",
    message: [/must not contain control characters/],
  },
  {
    title: "a subject with leading white space",
    args: base({ sourceUser: google(" 1098765") }),
    stage: "check",
    property: "sourceUser.providerAttributeValue",
    message: [/must not start or end with white space/],
  },
  {
    title: "a number as subject",
    args: base({ sourceUser: google(1098765) }),
    stage: "check",
    property: "sourceUser.providerAttributeValue",
    message: [/must be a string, got a number \(pass it as a string, e\.g\. "1098765"\)/],
  },
  {
    title: "null as subject",
    args: base({ sourceUser: google(null) }),
    stage: "check",
    property: "sourceUser.providerAttributeValue",
    message: [/is required/],
  },
  {
    title: "an array as subject",
    args: base({ sourceUser: google(["1098765"]) }),
    stage: "check",
    property: "sourceUser.providerAttributeValue",
    message: [/must be a string, got an array/],
  },
  {
    title: "a source over 128 characters in all",
    args: base({ sourceUser: google(long(108, "9")) }),
    stage: "check",
    property: "sourceUser",
    message: [/together must be at most 128 characters \(Cognito's limit for federated usernames\), got 129/],
  },
  {
    title: "a source that names the destination itself",
    args: base({ destinationUser: google("123"), sourceUser: google("123") }),
    stage: "check",
    property: "sourceUser",
    message: [/names the same identity as destinationUser: a user cannot be linked to itself/],
  },
  {
    title: "no arguments at all",
    args: undefined,
    stage: "program",
    message: [/UserProviderLink case-\d+: args are required: \{ userPoolId, destinationUser, sourceUser \}/],
  },
  // Preflight: Cognito reads during check, before anything is changed.
  {
    title: "an identity provider the pool does not have",
    args: base({ sourceUser: { providerName: "Okta", providerAttributeValue: "00u1" } }),
    stage: "preflight",
    property: "sourceUser.providerName",
    message: [/identity provider Okta does not exist in user pool us-east-1_BadInput1; add it/],
  },
  {
    title: "a destination user the pool does not have",
    args: base({ destinationUser: { providerAttributeValue: "nobody" } }),
    stage: "preflight",
    property: "destinationUser.providerAttributeValue",
    message: [/user nobody does not exist in user pool us-east-1_BadInput1; create the user first/],
  },
  {
    title: "the pool's id with another region (eu-west-1_ for a us-east-1 pool)",
    args: base({ userPoolId: "eu-west-1_BadInput1" }),
    stage: "preflight",
    property: "userPoolId",
    message: [
      /user pool eu-west-1_BadInput1 does not exist in eu-west-1 for the AWS credentials in use; check the pool id, account and region/,
    ],
  },
  {
    title: "an identity that has already signed in on its own",
    args: base({ sourceUser: google("signed-in-1") }),
    stage: "preflight",
    property: "sourceUser.providerAttributeValue",
    message: [
      /identity Google\/signed-in-1 has already signed in as user google_signed-in-1.*cannot merge users/,
    ],
  },
  {
    title: "a sixth identity for a user",
    args: base({ destinationUser: { providerAttributeValue: "full" }, sourceUser: google("sixth") }),
    stage: "preflight",
    property: "destinationUser",
    message: [/user full in user pool us-east-1_BadInput1 has 5 linked identities; .*maximum of 5/],
  },
];

interface ValidCase {
  title: string;
  pool?: string;
  user: string;
  source: { providerName: string; providerAttributeName?: string; providerAttributeValue: string };
}

const VALID: ValidCase[] = [
  {
    title: "a unicode claim value for SAML",
    user: "jürgen",
    source: {
      providerName: "CorpSAML",
      providerAttributeName: "email",
      providerAttributeValue: "jürgen.müller@exämple.com",
    },
  },
  {
    title: "separator-laden values on both sides",
    user: "o'brien+tag@example.com",
    source: { providerName: "Google", providerAttributeValue: "1:2/3%4*5?6#7&8=9,10;11+12@13|14" },
  },
  {
    title: "a source of exactly 128 characters",
    user: "carol",
    source: { providerName: "Google", providerAttributeValue: long(107, "7") },
  },
  {
    title: "astral characters, counted as one each",
    user: "dave",
    source: {
      providerName: "CorpSAML",
      providerAttributeName: "email",
      providerAttributeValue: "😀".repeat(60),
    },
  },
  {
    title: "an identity whose federated name a native user has (google_555)",
    user: "grace",
    source: { providerName: "Google", providerAttributeValue: "555" },
  },
  {
    title: "a pool in eu-west-1 while AWS_REGION says us-east-1",
    pool: EU_POOL,
    user: "hans",
    source: { providerName: "Google", providerAttributeValue: "eu-1" },
  },
];

const failureOf = (e: unknown): DeploymentError => asInstance(e, DeploymentError);

describe("UserProviderLink bad input through the host", function () {
  this.timeout(120_000);
  let dir: string;
  let stateFile: string;
  let emu: SpawnedEmulator;
  let host: HostClient;
  let env: Record<string, string>;
  let n = 0;

  const program = (args: unknown, name = `case-${++n}`): Promise<Registration[]> =>
    capture(() => {
      new UserProviderLink(name, args as UserProviderLinkArgs);
    }, AT);
  const engine = (): Engine => new Engine({ project: PROJECT, env });
  const linkOps = async (): Promise<{ link: number; disable: number; total: number }> => {
    const s = await emu.stats();
    return {
      link: calls(s, "AdminLinkProviderForUser"),
      disable: calls(s, "AdminDisableProviderForUser"),
      total: s.total,
    };
  };

  before(async () => {
    dir = tempDir("bad-input");
    stateFile = path.join(dir, "state.json");
    const seed = writeSeed(path.join(dir, "seed.json"), [
      { id: POOL, name: "bad-input", users: USERS },
      { id: EU_POOL, name: "europe", providers: [{ name: "Google", type: "Google" }], users: ["hans"] },
    ]);
    // A corrupt `identities` attribute cannot be written through the API: seed, stop, edit the state file.
    const first = await spawnEmulator(["--seed", seed, "--state", stateFile]);
    await first.stop();
    const doc = JSON.parse(fs.readFileSync(stateFile, "utf8")) as {
      pools: { id: string; users: { username: string; attributes: Record<string, string> }[] }[];
    };
    const mangled = doc.pools.find((p) => p.id === POOL)?.users.find((u) => u.username === "mangled");
    assert.ok(mangled);
    mangled.attributes.identities = "[{not json";
    fs.writeFileSync(stateFile, JSON.stringify(doc));

    emu = await spawnEmulator(["--state", stateFile]);
    // The host's AWS_REGION names us-east-1; the provider must take each pool's region from its id.
    env = { ...emulatorEnv(emu.url), AWS_REGION: "us-east-1" };
    host = await startHost({ project: PROJECT, env });
    const client = cognitoClient(emu.url);
    for (let i = 1; i <= 5; i++) {
      await linkByHand(client, POOL, "full", { providerName: "Google", providerAttributeValue: `full-${i}` });
    }
    await signIn(emu.url, POOL, "Google", "signed-in-1");
  });

  after(async () => {
    await stopAllHosts();
    await emu?.stop();
  });

  describe(`is refused with a message naming what is wrong (${FAILING.length} cases)`, () => {
    for (const c of FAILING) {
      it(`stops ${c.title} at ${c.stage}`, async () => {
        const name = `case-${++n}`;
        if (c.stage === "program") {
          const e = await rejected(program(c.args, name));
          for (const re of c.message) assert.match(String((e as Error).message), re);
          return;
        }
        const regs = await program(c.args, name);
        await emu.resetStats();
        const preview = failureOf(await rejected(engine().preview(regs, { host })));
        const previewOps = await linkOps();
        const up = failureOf(await rejected(engine().up(regs, { host })));
        const ops = await linkOps();

        for (const e of [preview, up]) {
          assert.ok(e.result.diagnostics.length >= 1);
          assert.match(e.message, new RegExp(`${LINK_TYPE} resource '${name}'`));
          if (c.property)
            assert.match(e.message, new RegExp(`property ${c.property.replace(/\./g, "\\.")} value `));
          for (const re of c.message) assert.match(e.message, re);
          assert.deepStrictEqual(
            e.result.calls.filter((call) => call.kind !== "check" && call.kind !== "configure"),
            [],
            "it must stop at check",
          );
        }
        // Validation makes no request at all; preflight only reads; neither ever links or unlinks.
        if (c.stage === "check") assert.strictEqual(ops.total, 0, "validation sent requests");
        if (c.stage === "preflight") assert.ok(previewOps.total > 0, "preflight sent no request");
        assert.deepStrictEqual({ link: ops.link, disable: ops.disable }, { link: 0, disable: 0 });
      });
    }
  });

  describe("is accepted when valid, however unusual", () => {
    for (const c of VALID) {
      it(`links, refreshes and unlinks ${c.title}`, async () => {
        const pool = c.pool ?? POOL;
        const name = `valid-${++n}`;
        const regs = await program(
          { userPoolId: pool, destinationUser: { providerAttributeValue: c.user }, sourceUser: c.source },
          name,
        );
        const e = engine();
        await e.preview(regs, { host });
        await e.up(regs, { host });
        const state = e.resource(name);
        const decoded = decodeLinkId(state.id);
        assert.deepStrictEqual(
          [
            decoded.userPoolId,
            decoded.destinationUser.providerAttributeValue,
            decoded.sourceUser.providerAttributeValue,
          ],
          [pool, c.user, c.source.providerAttributeValue],
        );
        const client = cognitoClient(emu.url, pool.split("_")[0]);
        const linked = key(pool, c.user, c.source.providerName, c.source.providerAttributeValue);
        assert.ok((await cognitoLinks(client, pool, true)).has(linked), "Cognito has no such link");

        // A refresh finds the same link: nothing changes.
        const before = e.resource(name);
        const refresh = await e.refresh({ host });
        assert.deepStrictEqual(
          refresh.steps.map((s) => s.op),
          ["same"],
        );
        assert.strictEqual(e.resource(name).id, before.id);
        assert.deepStrictEqual(e.resource(name).outputs, before.outputs);
        // Destroy in a host of its own, as the engine runs it: the shared host's checks declared this link,
        // and a delete in the same deployment as a declaration keeps the link (a rename or a move).
        await e.destroy();
        assert.ok(!(await cognitoLinks(client, pool, true)).has(linked), "the link is still in Cognito");
      });
    }
  });

  describe("naming the destination by its sub (AdminGetUser accepts it, AdminLinkProviderForUser does not)", () => {
    it("stops at preflight, saying to use the username", async () => {
      const alice = await cognitoClient(emu.url).send(
        new AdminGetUserCommand({ UserPoolId: POOL, Username: "alice" }),
      );
      const sub = alice.UserAttributes?.find((a) => a.Name === "sub")?.Value ?? "";
      assert.ok(sub);
      const name = `by-sub-${++n}`;
      const regs = await program(base({ destinationUser: { providerAttributeValue: sub } }), name);
      await emu.resetStats();
      const preview = failureOf(await rejected(engine().preview(regs, { host })));
      assert.match(
        preview.message,
        new RegExp(
          `resource '${name}': property destinationUser\\.providerAttributeValue value \\{<nil>\\} has a problem: "${sub}" is not a username but an alias or sub of user alice in user pool ${POOL}; .*use the username "alice"`,
        ),
      );
      assert.deepStrictEqual(await linkOps().then((o) => [o.link, o.disable]), [0, 0]);
    });
  });

  describe("in the state is refused before any request", () => {
    /** Creates a valid link, then rewrites its state entry with `tamper`. */
    async function tampered(
      user: string,
      tamper: (r: { id: string; outputs: Record<string, unknown> }) => void,
    ): Promise<{ engine: Engine; name: string }> {
      const name = `state-${++n}`;
      const regs = await program(
        base({ destinationUser: { providerAttributeValue: user }, sourceUser: google(name) }),
        name,
      );
      const first = engine();
      await first.up(regs, { host });
      const file = first.toJSON() as StateFile;
      const res = file.resources.find((r) => r.urn.endsWith(`::${name}`));
      assert.ok(res);
      tamper(res as unknown as { id: string; outputs: Record<string, unknown> });
      return { engine: engine().load(file), name };
    }

    /** Runs `op` on `stateOf`: it must fail with `patterns`, send nothing, and keep the resource in the state. */
    async function refusedWithoutRequests(
      stateOf: Engine,
      op: () => Promise<OperationResult>,
      ...patterns: RegExp[]
    ): Promise<string> {
      await emu.resetStats();
      const e = failureOf(await rejected(op()));
      for (const re of patterns) assert.match(e.message, re);
      assert.strictEqual((await linkOps()).total, 0, "requests were sent");
      assert.strictEqual(stateOf.resources().length, 1, "the refused resource left the state");
      return e.message;
    }

    it("refuses a garbage id with garbage outputs on refresh and delete, naming the resource", async () => {
      const { engine: e } = await tampered("bob", (r) => {
        r.id = "garbage";
        r.outputs = { ...r.outputs, userPoolId: 42, destinationUser: "x", sourceUser: [] };
      });
      for (const op of [() => e.refresh({ host }), () => e.destroy({ host })]) {
        await refusedWithoutRequests(
          e,
          op,
          /resource garbage has state this provider cannot use \(resource id "garbage" is not a UserProviderLink id/,
          /missing or malformed: userPoolId, destinationUser.providerAttributeValue, sourceUser.providerName/,
          /Run `pulumi refresh`, or remove it with `pulumi state delete`/,
        );
      }
    });

    it("refuses a future schemaVersion on preview, refresh and delete, asking for an upgrade", async () => {
      const { engine: e, name } = await tampered("bob", (r) => {
        r.outputs.schemaVersion = 2;
      });
      const regs = await program(
        base({ destinationUser: { providerAttributeValue: "bob" }, sourceUser: google(name) }),
        name,
      );
      for (const op of [
        () => e.preview(regs, { host }),
        () => e.refresh({ host }),
        () => e.destroy({ host }),
      ]) {
        await refusedWithoutRequests(
          e,
          op,
          /written with state schema version 2, which this version of UserProviderLink does not know \(it reads 1 to 1\); upgrade the package/,
        );
      }
    });

    for (const spelling of ["Cognito", "COGNITO"]) {
      it(`refuses to delete a state whose source names ${spelling}, in its outputs or only in its id`, async () => {
        const inOutputs = await tampered("carol", (r) => {
          (r.outputs.sourceUser as Record<string, unknown>).providerName = spelling;
        });
        const inId = await tampered("carol", (r) => {
          r.id = r.id.replace(":Google:", `:${spelling}:`);
          delete r.outputs.sourceUser;
        });
        for (const { engine: e } of [inOutputs, inId]) {
          await refusedWithoutRequests(
            e,
            () => e.destroy({ host }),
            /names the native provider "Cognito" as its source identity in user pool us-east-1_BadInput1; refusing to unlink it/,
            /pulumi state delete/,
          );
        }
      });
    }
  });

  describe("with a corrupt identities attribute in Cognito", () => {
    it("links, then refuses to refresh and to unlink blindly, naming the user pool, user and identity", async () => {
      const name = `corrupt-${++n}`;
      const regs = await program(
        base({ destinationUser: { providerAttributeValue: "mangled" }, sourceUser: google(name) }),
        name,
      );
      const e = engine();
      await emu.resetStats();
      await e.up(regs, { host });
      // Cognito answered {} to the link: the create reports it although the read-back cannot be parsed.
      assert.strictEqual(reveal<Record<string, unknown>>(e.resource(name).outputs).providerType, "");

      const refresh = failureOf(await rejected(e.refresh({ host })));
      assert.match(
        refresh.message,
        new RegExp(
          `cannot refresh the link of Google/${name} in user pool us-east-1_BadInput1: the identities attribute is not JSON: \\[\\{not json; the state is kept unchanged`,
        ),
      );
      assert.ok(e.has(name));

      await emu.resetStats();
      // In a host of its own, as the engine runs a destroy (this host's checks declared the link).
      const destroy = failureOf(await rejected(e.destroy()));
      // With the destination's links unreadable nobody can tell who holds the identity, and the disable call
      // would remove it from whoever does: delete refuses, with the manual way out, and sends nothing.
      assert.match(
        destroy.message,
        new RegExp(
          `cannot unlink identity Google/${name} from user mangled in user pool us-east-1_BadInput1: the identities attribute is not JSON: .*Refusing to send AdminDisableProviderForUser.*pulumi state delete`,
        ),
      );
      assert.deepStrictEqual(await linkOps().then((o) => [o.link, o.disable]), [0, 0]);
      assert.ok(e.has(name));
    });
  });

  describe("with preflight off", () => {
    it("stops an unknown identity provider at create, naming the provider and the pool, and records nothing", async () => {
      const off = await startHost({ project: PROJECT, env: { ...env, COGNITO_LINK_PREFLIGHT: "off" } });
      try {
        const name = `late-${++n}`;
        const regs = await program(
          base({ sourceUser: { providerName: "Okta", providerAttributeValue: "00u2" } }),
          name,
        );
        const e = new Engine({ project: PROJECT, env });
        await emu.resetStats();
        const failure = failureOf(await rejected(e.up(regs, { host: off })));
        assert.match(
          failure.message,
          /cannot link identity Okta\/00u2 to user alice in user pool us-east-1_BadInput1: AdminLinkProviderForUser failed with InvalidParameterException/,
        );
        assert.match(
          failure.message,
          /Identity provider Okta does not exist in user pool us-east-1_BadInput1; add it to the pool/,
        );
        assert.deepStrictEqual(await linkOps().then((o) => [o.link, o.disable]), [1, 0]);
        assert.strictEqual(e.resources().length, 0);
      } finally {
        await off.stop();
      }
    });
  });

  // Last: mocha runs a suite's own tests before its nested suites, so this one needs a suite of its own.
  describe("over the whole run", () => {
    it("never disabled a native user's password sign-in in the whole run", () => {
      const doc = JSON.parse(fs.readFileSync(stateFile, "utf8")) as {
        pools: { users: { username: string; passwordSignInDisabled: boolean }[] }[];
      };
      const disabled = doc.pools.flatMap((p) => p.users).filter((u) => u.passwordSignInDisabled);
      assert.deepStrictEqual(
        disabled.map((u) => u.username),
        [],
      );
    });
  });
});
