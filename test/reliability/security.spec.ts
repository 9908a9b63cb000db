// What the stack state may hold: no credential, token or environment value, secrets kept secret, a loopback emulator.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { UserProviderLink } from "../../provider";
import {
  capture,
  dynamicOnly,
  Engine,
  isSecret,
  registration,
  secretKeys,
  stopAllHosts,
  type Registration,
} from "../support/engine-model";
import type { SpawnedEmulator } from "../support/emulator";
import { AT, cognitoLinks, key, PROJECT, readerClient, seededEmulator } from "../support/reliability";

const POOL = "us-east-1_Secure1";
const SECRET_SUBJECT = "s3cr3t-subject-4b1d9e";
const SECRET_USER = "secret-user-7f3a2c";
const BOTH_SUBJECT = "both-subject-c0ffee";

/** Every variable the AWS SDK or the provider reads as a free-form string, plus any AWS_* / COGNITO_LINK_* already set. */
const MARKED_NAMES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
  "AWS_ROLE_ARN",
  "AWS_ROLE_SESSION_NAME",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
  "AWS_SDK_UA_APP_ID",
  "AWS_ACCOUNT_ID",
  "AWS_EXECUTION_ENV",
  "COGNITO_LINK_RATE_LIMITS",
  "COGNITO_LINK_MAX_ATTEMPTS",
  "COGNITO_LINK_PREFLIGHT",
];

const CHAIN_REDIRECTS = [
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_ROLE_ARN",
  "AWS_ROLE_SESSION_NAME",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
];

/** A copy of `v` with every secret's value replaced: what is left is what the state shows in plain text. */
function withoutSecretValues(v: unknown): unknown {
  if (isSecret(v)) return "[secret]";
  if (Array.isArray(v)) return v.map(withoutSecretValues);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, withoutSecretValues(e)]));
  }
  return v;
}

describe("UserProviderLink state and environment (security)", function () {
  this.timeout(60_000);
  let emu: SpawnedEmulator;
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  /** name -> marker, as set in the test process (the program's process) before capture. */
  const programMarkers = new Map<string, string>();
  /** name -> marker, given to the host on top of those. */
  const hostMarkers = new Map<string, string>();
  let regs: Registration[];
  let engine: Engine;
  let stateTexts: string[] = [];

  const marker = (name: string, where: string): string =>
    `MK${where}${name.replace(/_/g, "")}${Math.random().toString(36).slice(2, 10)}`;

  before(async () => {
    ({ emu, dir } = await seededEmulator(POOL, ["alice", "bob", SECRET_USER]));
    const names = new Set([
      ...MARKED_NAMES,
      ...Object.keys(process.env).filter((k) => /^(AWS_|COGNITO_LINK_)/.test(k)),
    ]);
    for (const name of names) {
      saved[name] = process.env[name];
      const m = marker(name, "P");
      programMarkers.set(name, m);
      process.env[name] = name.startsWith("AWS_ENDPOINT_URL") ? `http://127.0.0.1:9/${m}` : m;
    }
    regs = dynamicOnly(
      await capture(() => {
        new UserProviderLink("plain", {
          userPoolId: POOL,
          destinationUser: { providerAttributeValue: "alice" },
          sourceUser: { providerName: "Google", providerAttributeValue: "plain-1" },
        });
        new UserProviderLink("secret-source", {
          userPoolId: POOL,
          destinationUser: { providerAttributeValue: "bob" },
          sourceUser: { providerName: "Google", providerAttributeValue: pulumi.secret(SECRET_SUBJECT) },
        });
        new UserProviderLink("secret-destination", {
          userPoolId: POOL,
          destinationUser: { providerAttributeValue: pulumi.secret(SECRET_USER) },
          sourceUser: { providerName: "Google", providerAttributeValue: "plain-2" },
        });
        new UserProviderLink("secret-both", {
          userPoolId: POOL,
          destinationUser: { providerAttributeValue: pulumi.secret(SECRET_USER) },
          sourceUser: { providerName: "CorpSAML", providerAttributeValue: pulumi.secret(BOTH_SUBJECT) },
        });
      }, AT),
    );
    // The host: a working endpoint, marker credentials, every other variable inherited with its marker. The
    // provider's own variables must parse, so they get valid values that are still easy to find.
    for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) {
      hostMarkers.set(name, marker(name, "H"));
    }
    engine = new Engine({
      project: PROJECT,
      env: {
        // Variables that send the SDK's credential chain elsewhere (a profile, a token file, a container
        // endpoint) would hide the marker credentials: the host does without them.
        ...Object.fromEntries(CHAIN_REDIRECTS.map((name) => [name, undefined])),
        ...Object.fromEntries(hostMarkers),
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emu.url,
        COGNITO_LINK_RATE_LIMITS: "UserUpdate=24.987,UserRead=119.987",
        COGNITO_LINK_MAX_ATTEMPTS: "10",
      },
    });
    await engine.up(regs);
    stateTexts.push(JSON.stringify(engine.toJSON()));
    await engine.refresh();
    const file = path.join(dir, "state.json");
    engine.save(file);
    stateTexts.push(fs.readFileSync(file, "utf8"));
  });

  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await stopAllHosts();
    await emu?.stop();
    stateTexts = [];
  });

  it("links through the host with marker credentials (the state below is real)", async () => {
    const links = await cognitoLinks(readerClient(emu.url), POOL);
    assert.deepStrictEqual(
      [...links].sort(),
      [
        key(POOL, "alice", "Google", "plain-1"),
        key(POOL, "bob", "Google", SECRET_SUBJECT),
        key(POOL, SECRET_USER, "CorpSAML", BOTH_SUBJECT),
        key(POOL, SECRET_USER, "Google", "plain-2"),
      ].sort(),
    );
    assert.strictEqual(engine.resources().length, 4);
  });

  it("serializes no environment value, credential or endpoint into __provider", () => {
    const texts = regs.map((r) => String(r.inputs.__provider));
    assert.strictEqual(new Set(texts).size, 1, "every link carries the same provider text");
    for (const [name, m] of programMarkers) assert.ok(!texts[0]?.includes(m), `__provider holds ${name}`);
    assert.ok(!texts[0]?.includes(emu.url), "__provider holds the endpoint");
  });

  it("keeps every environment value, credential and the endpoint out of the whole saved state", () => {
    assert.strictEqual(stateTexts.length, 2);
    for (const text of stateTexts) {
      for (const [name, m] of [...programMarkers, ...hostMarkers]) {
        assert.ok(!text.includes(m), `the state holds the value of ${name}`);
      }
      assert.ok(!text.includes("24.987"), "the state holds COGNITO_LINK_RATE_LIMITS");
      assert.ok(!text.includes(`127.0.0.1:${emu.port}`), "the state holds the endpoint");
      assert.ok(
        !text.includes("AKIDTESTEMULATOR") && !/test-secret/.test(text),
        "the state holds a credential",
      );
    }
  });

  it("keeps secret inputs secret in the registrations, the state inputs and the outputs", () => {
    const expected: Record<string, string[]> = {
      plain: [],
      "secret-source": ["sourceUser"],
      "secret-destination": ["destinationUser"],
      "secret-both": ["destinationUser", "sourceUser"],
    };
    for (const [name, keys] of Object.entries(expected)) {
      assert.deepStrictEqual(secretKeys(registration(regs, name).inputs), keys, `${name} registration`);
      const state = engine.resource(name);
      assert.deepStrictEqual(secretKeys(state.inputs), keys, `${name} inputs`);
      assert.deepStrictEqual(secretKeys(state.outputs), keys, `${name} outputs`);
    }
  });

  it("writes secret values neither into the id nor anywhere unwrapped in the state", () => {
    for (const name of ["secret-source", "secret-destination", "secret-both"]) {
      const { id } = engine.resource(name);
      for (const value of [SECRET_SUBJECT, SECRET_USER, BOTH_SUBJECT]) {
        assert.ok(
          !id.includes(value) && !id.includes(encodeURIComponent(value)),
          `${name}'s id holds ${value}`,
        );
      }
      assert.match(id, /:\*[0-9a-f]{16}/, `${name}'s id has no redacted part`);
    }
    for (const text of stateTexts) {
      const plain = JSON.stringify(withoutSecretValues(JSON.parse(text)));
      for (const value of [SECRET_SUBJECT, SECRET_USER, BOTH_SUBJECT]) {
        assert.ok(!plain.includes(value), `the state holds ${value} outside a secret`);
      }
      // The plain link is not hidden by accident: the check above can see values.
      assert.ok(plain.includes("plain-1"));
    }
  });

  it("runs the emulator on the loopback interface only", function () {
    if (!fs.existsSync("/proc/net/tcp")) this.skip();
    const port = emu.port.toString(16).toUpperCase().padStart(4, "0");
    const listening = (file: string): string[] =>
      fs.existsSync(file)
        ? fs
            .readFileSync(file, "utf8")
            .split("\n")
            .slice(1)
            .map((line) => line.trim().split(/\s+/))
            .filter((f) => f[1]?.endsWith(`:${port}`) && f[3] === "0A")
            .map((f) => f[1]?.split(":")[0] ?? "")
        : [];
    // 0100007F is 127.0.0.1 as /proc/net/tcp writes it; no IPv6 socket (no `::`) listens on the port.
    assert.deepStrictEqual(listening("/proc/net/tcp"), ["0100007F"]);
    assert.deepStrictEqual(listening("/proc/net/tcp6"), []);
  });
});
