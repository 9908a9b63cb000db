// Preflight against a fake Cognito: each finding, what it leaves unjudged, the identity count, and its skips.
import * as assert from "assert";
import { LinkHints, LinkInputs } from "../../provider/inputs";
import { preflight } from "../../provider/preflight";
import { resetProcessRuntime } from "../../provider/runtime";
import { Session } from "../../provider/session";
import { aLink, LinkOverrides } from "../support/builders";
import { cognitoError, FakeCognito, FakePool } from "../support/fakeCognito";

const POOL = "us-east-1_TestPool1";
const linked = (...subjects: string[]) => subjects.map((userId) => ({ providerName: "Google", userId }));

describe("preflight", () => {
  let fake: FakeCognito;
  let logged: string[];
  const realError = console.error;

  const world = (pool: FakePool = {}): void => {
    fake = new FakeCognito({
      [POOL]: { providers: { Google: "Google" }, users: { alice: {} }, ...pool },
    });
  };
  const run = (inputs: LinkInputs, replaced?: LinkInputs) =>
    preflight(new Session("us-east-1", fake.factory()), inputs, replaced);
  const link = (o: LinkOverrides & LinkHints = {}): LinkInputs => ({ ...aLink(o), ...hints(o) });
  const hints = ({ redactInId, dependenciesReady, retainOnDelete }: LinkHints): LinkHints => ({
    ...(redactInId ? { redactInId } : {}),
    ...(dependenciesReady !== undefined ? { dependenciesReady } : {}),
    ...(retainOnDelete ? { retainOnDelete } : {}),
  });
  const google = (subject: string) => link({ sourceUser: { providerAttributeValue: subject } });

  beforeEach(() => {
    resetProcessRuntime();
    world();
    logged = [];
    console.error = (...args: unknown[]) => logged.push(args.map(String).join(" "));
  });
  afterEach(() => {
    console.error = realError;
    resetProcessRuntime();
  });

  it("finds nothing for a link whose pool, identity provider and user exist", async () => {
    assert.deepStrictEqual(await run(link()), []);
    assert.deepStrictEqual(logged, []);
  });

  it("reports a missing pool on userPoolId, and reads nothing more", async () => {
    const failures = await run(link({ userPoolId: "us-east-1_Missing1" }));
    assert.deepStrictEqual(
      failures.map((f) => f.property),
      ["userPoolId"],
    );
    assert.match(failures[0]!.reason, /user pool us-east-1_Missing1 does not exist in us-east-1/);
    assert.strictEqual(fake.count("getUser"), 0);
  });

  it("reports a missing identity provider on sourceUser.providerName", async () => {
    const failures = await run(link({ sourceUser: { providerName: "Okta" } }));
    assert.deepStrictEqual(
      failures.map((f) => f.property),
      ["sourceUser.providerName"],
    );
    assert.match(
      failures[0]!.reason,
      /identity provider Okta does not exist in user pool us-east-1_TestPool1/,
    );
  });

  it("reports a missing destination user on its username", async () => {
    const failures = await run(link({ destinationUser: { providerAttributeValue: "nobody" } }));
    assert.deepStrictEqual(
      failures.map((f) => f.property),
      ["destinationUser.providerAttributeValue"],
    );
    assert.match(failures[0]!.reason, /user nobody does not exist in user pool/);
  });

  it("judges no existence while a dependency is still to be created (dependenciesReady false)", async () => {
    const inputs = link({
      destinationUser: { providerAttributeValue: "nobody" },
      sourceUser: { providerName: "Okta" },
      dependenciesReady: false,
    });
    assert.deepStrictEqual(await run(inputs), []);
  });

  it("reports an alias or sub given as the username, naming the user it belongs to", async () => {
    world({ users: { alice: { aliases: ["alice@example.com"] } } });
    const failures = await run(link({ destinationUser: { providerAttributeValue: "alice@example.com" } }));
    assert.strictEqual(failures.length, 1);
    assert.strictEqual(failures[0]!.property, "destinationUser.providerAttributeValue");
    assert.match(
      failures[0]!.reason,
      /"alice@example.com" is not a username but an alias or sub of user alice/,
    );
  });

  it("names neither the alias nor its user when the destination is secret", async () => {
    world({ users: { alice: { aliases: ["alice@example.com"] } } });
    const failures = await run(
      link({
        destinationUser: { providerAttributeValue: "alice@example.com" },
        redactInId: ["destinationUser"],
      }),
    );
    assert.strictEqual(failures.length, 1);
    assert.doesNotMatch(failures[0]!.reason, /alice/);
  });

  it("reports an identity that signed in on its own, on the source's value", async () => {
    world({
      users: {
        alice: {},
        google_1098765: {
          status: "EXTERNAL_PROVIDER",
          identities: [{ ...linked("1098765")[0]!, primary: true }],
        },
      },
    });
    const failures = await run(link());
    assert.deepStrictEqual(
      failures.map((f) => f.property),
      ["sourceUser.providerAttributeValue"],
    );
    assert.match(failures[0]!.reason, /has already signed in as user google_1098765 .*cannot merge users/);
  });

  it("does not take a native user named like a federated one for the identity", async () => {
    world({ users: { alice: {}, google_1098765: { status: "CONFIRMED" } } });
    assert.deepStrictEqual(await run(link()), []);
  });

  it("finds nothing for a link that already exists, and does not count it again", async () => {
    world({ users: { alice: { identities: linked("1098765", "g2", "g3", "g4", "g5") } } });
    assert.deepStrictEqual(await run(link()), []);
  });

  describe("the count of identities per user", () => {
    it("counts the links planned in this process with the existing ones", async () => {
      world({ users: { alice: { identities: linked("g1", "g2", "g3", "g4") } } });
      assert.deepStrictEqual(await run(google("new1")), []);
      const failures = await run(google("new2"));
      assert.deepStrictEqual(
        failures.map((f) => f.property),
        ["destinationUser"],
      );
      assert.match(
        failures[0]!.reason,
        /has 4 linked identities and 1 more planned in this update; .*maximum of 5/,
      );
      // The planned link itself, checked again (a second preview in the process), is not counted twice.
      assert.deepStrictEqual(await run(google("new1")), []);
    });

    it("does not count a linked identity that a replacement unlinks first", async () => {
      world({ users: { alice: { identities: linked("g1", "g2", "g3", "g4", "old") } } });
      assert.match((await run(google("new")))[0]?.reason ?? "", /has 5 linked identities; linking/);
      resetProcessRuntime();
      assert.deepStrictEqual(await run(google("new"), google("old")), []);
    });

    it("counts it when the replaced link is retained on delete (its identity stays)", async () => {
      world({ users: { alice: { identities: linked("g1", "g2", "g3", "g4", "old") } } });
      const retained = { ...google("old"), retainOnDelete: true };
      assert.match((await run(google("new"), retained))[0]?.reason ?? "", /has 5 linked identities/);
    });

    it("does not count a federated user's own identity", async () => {
      world({
        users: {
          alice: {
            identities: [
              ...linked("g1", "g2", "g3", "g4"),
              { providerName: "Okta", userId: "me", primary: true },
            ],
          },
        },
      });
      assert.deepStrictEqual(await run(google("new")), []);
    });
  });

  describe("when a read fails for another reason than not found", () => {
    const cases: { it: string; operation: "describeUserPool" | "describeIdentityProvider" | "getUser" }[] = [
      { it: "skips everything when the pool cannot be described", operation: "describeUserPool" },
      {
        it: "skips the rest when the identity provider cannot be described",
        operation: "describeIdentityProvider",
      },
      { it: "skips the rest when the user cannot be read", operation: "getUser" },
    ];
    for (const c of cases) {
      it(`${c.it}, and says so on stderr without secrets`, async () => {
        fake.failing[c.operation] = cognitoError("AccessDeniedException", "not allowed for 1098765");
        const inputs = link({
          destinationUser: { providerAttributeValue: "nobody" },
          redactInId: ["sourceUser"],
        });
        assert.deepStrictEqual(await run(inputs), []);
        assert.strictEqual(logged.length, 1);
        assert.match(logged[0]!, /preflight skipped .*AccessDeniedException/);
        assert.match(
          logged[0]!,
          /DescribeUserPool, DescribeIdentityProvider and AdminGetUser, or set COGNITO_LINK_PREFLIGHT=off/,
        );
        assert.doesNotMatch(logged[0]!, /1098765/);
      });
    }

    it("keeps what it found before the failing read", async () => {
      fake.failing.getUser = cognitoError("ThrottlingException");
      const failures = await run(link({ sourceUser: { providerName: "Okta" } }));
      assert.deepStrictEqual(
        failures.map((f) => f.property),
        ["sourceUser.providerName"],
      );
    });
  });
});
