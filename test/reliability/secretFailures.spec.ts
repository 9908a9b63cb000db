// Failures about secret values, through the real dynamic-provider host: the text a user sees never holds them.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { UserProviderLink, type UserProviderLinkArgs } from "../../provider";
import {
  capture,
  DeploymentError,
  Engine,
  startHost,
  stopAllHosts,
  type HostClient,
  type Registration,
} from "../support/engine-model";
import { signIn, type SpawnedEmulator } from "../support/emulator";
import { linkByHand } from "../support/links";
import { rejection } from "../support/rejection";
import { cognitoClient } from "../support/sdk";
import { emulatorEnv } from "../support/world";
import { AT, PROJECT, seededEmulator } from "../support/reliability";

const POOL = "us-east-1_Secrets1";
/** Values that must never be printed; each is distinctive, so a search for it cannot match by chance. */
const LONG_SUBJECT = "l0ng5ecret".repeat(11); // 110 characters: Google + Cognito_Subject + it > 128
const SELF_SUBJECT = "self-secret-8c1d";
const SIGNED_IN_SUBJECT = "SignedSecret-77e0";
const CAPPED_USER = "capped-secret-3b9a";
const SECRETS = [LONG_SUBJECT, SELF_SUBJECT, SIGNED_IN_SUBJECT, CAPPED_USER];

function assertNoSecret(text: string, where: string): void {
  for (const s of SECRETS) {
    assert.ok(!text.toLowerCase().includes(s.toLowerCase()), `${where} holds the secret ${s}:\n${text}`);
  }
}

const failure = (p: Promise<unknown>): Promise<DeploymentError> => rejection(p, DeploymentError);

describe("UserProviderLink failures about secret values (through the host)", function () {
  this.timeout(60_000);
  let emu: SpawnedEmulator;
  let host: HostClient;
  let quiet: HostClient;
  let n = 0;

  const program = (args: UserProviderLinkArgs): Promise<Registration[]> =>
    capture(() => {
      new UserProviderLink(`secret-${++n}`, args);
    }, AT);
  const engine = (): Engine => new Engine({ project: PROJECT, env: emulatorEnv(emu.url) });
  const google = (value: pulumi.Input<string>) => ({ providerName: "Google", providerAttributeValue: value });

  // The emulator's pool is set up once and only read: every test here fails before Cognito changes.
  before(async () => {
    ({ emu } = await seededEmulator(POOL, ["alice", CAPPED_USER]));
    const client = cognitoClient(emu.url);
    for (let i = 1; i <= 5; i++) {
      await linkByHand(client, POOL, CAPPED_USER, {
        providerName: "Google",
        providerAttributeValue: `capped-${i}`,
      });
    }
    await signIn(emu.url, POOL, "Google", SIGNED_IN_SUBJECT);
    client.destroy();
  });

  // Hosts of each test's own (a host keeps per-process caches), and what they logged is checked after each test.
  beforeEach(async () => {
    host = await startHost({ project: PROJECT, env: emulatorEnv(emu.url) });
    quiet = await startHost({
      project: PROJECT,
      env: { ...emulatorEnv(emu.url), COGNITO_LINK_PREFLIGHT: "off" },
    });
  });
  afterEach(async () => {
    await Promise.all([host.stop(), quiet.stop()]);
    // The hosts wrote no secret to their logs (stderr) in this test.
    assertNoSecret(host.stderr, "the host's stderr");
    assertNoSecret(quiet.stderr, "the host's stderr");
  });

  after(async () => {
    await stopAllHosts();
    await emu?.stop();
  });

  const cases: { title: string; args: () => UserProviderLinkArgs; property: RegExp; message: RegExp }[] = [
    {
      title: "a secret subject over the 128-character limit",
      args: () => ({
        userPoolId: POOL,
        destinationUser: { providerAttributeValue: "alice" },
        sourceUser: google(pulumi.secret(LONG_SUBJECT)),
      }),
      property: /property sourceUser\S* value \{<nil>\} has a problem/,
      message: /together must be at most 128 characters/,
    },
    {
      title: "a secret source that names the destination itself",
      args: () => ({
        userPoolId: POOL,
        destinationUser: google(pulumi.secret(SELF_SUBJECT)),
        sourceUser: google(pulumi.secret(SELF_SUBJECT)),
      }),
      property: /property sourceUser\S* value \{<nil>\} has a problem/,
      message: /names the same identity as destinationUser/,
    },
    {
      title: "a secret destination at the limit of 5 identities",
      args: () => ({
        userPoolId: POOL,
        destinationUser: { providerAttributeValue: pulumi.secret(CAPPED_USER) },
        sourceUser: google("sixth-1"),
      }),
      property: /property destinationUser\S* value \{<nil>\} has a problem/,
      message: /user <secret> in user pool us-east-1_Secrets1 has 5 linked identities/,
    },
    {
      title: "a secret subject that has already signed in",
      args: () => ({
        userPoolId: POOL,
        destinationUser: { providerAttributeValue: "alice" },
        sourceUser: google(pulumi.secret(SIGNED_IN_SUBJECT)),
      }),
      property: /property sourceUser\.providerAttributeValue value \{<nil>\} has a problem/,
      message: /identity Google\/<secret> has already signed in as user google_<secret>/,
    },
  ];

  for (const c of cases) {
    it(`names the property of ${c.title} and prints no secret (preview)`, async () => {
      const e = await failure(engine().preview(await program(c.args()), { host }));
      assert.match(e.message, c.property);
      assert.match(e.message, c.message);
      assertNoSecret(e.message, "the check failure");
    });
  }

  it("prints no secret when create fails for an identity that has signed in (preflight off)", async () => {
    const regs = await program({
      userPoolId: POOL,
      destinationUser: { providerAttributeValue: "alice" },
      sourceUser: google(pulumi.secret(SIGNED_IN_SUBJECT)),
    });
    const e = await failure(engine().up(regs, { host: quiet }));
    assert.match(e.message, /Merging is not currently supported/);
    assert.match(e.message, /has already signed in as user google_<secret>/);
    assertNoSecret(e.message, "the create error");
  });

  it("prints no secret when create fails at the limit of 5 for a secret destination (preflight off)", async () => {
    const regs = await program({
      userPoolId: POOL,
      destinationUser: { providerAttributeValue: pulumi.secret(CAPPED_USER) },
      sourceUser: google("sixth-2"),
    });
    const e = await failure(engine().up(regs, { host: quiet }));
    assert.match(e.message, /LimitExceededException/);
    assertNoSecret(e.message, "the create error");
  });
});
