import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type * as Seeded from "../../provider/seeded/component";
import { planSeededLinks, type SeededLinkEntry } from "../../provider/seeded/entries";
import { legacySeededLinkName, seededLinkName } from "../../provider/seeded/naming";
import {
  installMocks,
  LINK_TYPE,
  MOCK_POOL_ID,
  named,
  ofType,
  Registered,
  SEEDED_TYPE,
  settled,
  valueOf,
} from "../support/pulumiMocks";

const POOL = "us-east-1_TestPool1";

describe("SeededUserLinks", () => {
  let registered: Registered[];
  let seeded: typeof Seeded;
  let dir: string;

  before(async () => {
    registered = await installMocks("seeded-spec");
    seeded = require("../../provider/seeded/component");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "seeded-links-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  const build = (
    name: string,
    args: Partial<Seeded.SeededUserLinksArgs>,
    opts?: pulumi.ComponentResourceOptions,
  ) => new seeded.SeededUserLinks(name, { userPoolId: POOL, ...args } as Seeded.SeededUserLinksArgs, opts);
  const childrenOf = (component: string) => registered.filter((r) => r.parent.endsWith(`::${component}`));

  it("creates one UserProviderLink per entry, named <component>-<provider>-<identity>, aliased to the name with the username", async () => {
    const c = build("team", {
      links: [
        { username: "alice", provider: "Google", subject: "1098765" },
        {
          username: "alice",
          provider: "CorpSAML",
          attribute: { name: "email", value: "alice@corp.example.com" },
        },
      ],
    });
    await settled();
    assert.deepStrictEqual(Object.keys(c.links), [
      "team-Google-1098765",
      "team-CorpSAML-email=alice@corp.example.com",
    ]);
    const component = named(registered, "team");
    assert.strictEqual(component.type, SEEDED_TYPE);
    const children = childrenOf("team");
    // The links, and the component's exchange plan (a dynamic resource that calls nothing: seeded/plan.ts).
    assert.deepStrictEqual(children.map((r) => r.type).sort(), [
      "pulumi-nodejs:dynamic/cognito:SeededUserLinksPlan",
      LINK_TYPE,
      LINK_TYPE,
    ]);
    assert.deepStrictEqual(named(registered, "team-plan").inputs.entries, [
      { username: "alice", name: "team-Google-1098765" },
      { username: "alice", name: "team-CorpSAML-email=alice@corp.example.com" },
    ]);
    const google = named(registered, "team-Google-1098765");
    assert.strictEqual(google.inputs.userPoolId, POOL);
    assert.deepStrictEqual(google.inputs.destinationUser, { providerAttributeValue: "alice" });
    assert.deepStrictEqual(google.inputs.sourceUser, {
      providerName: "Google",
      providerAttributeName: "Cognito_Subject",
      providerAttributeValue: "1098765",
    });
    assert.strictEqual(typeof google.inputs.__provider, "string");
    const saml = named(registered, "team-CorpSAML-email=alice@corp.example.com");
    assert.deepStrictEqual(saml.inputs.sourceUser, {
      providerName: "CorpSAML",
      providerAttributeName: "email",
      providerAttributeValue: "alice@corp.example.com",
    });
  });

  it("keeps every link's name when the entries are reordered", () => {
    const entries: SeededLinkEntry[] = [
      { username: "alice", provider: "Google", subject: "1" },
      { username: "bob", provider: "Google", subject: "2" },
      { username: "bob", provider: "CorpSAML", attribute: { name: "Cognito_Subject", value: "bob@corp" } },
    ];
    const names = (list: unknown[]) =>
      Object.fromEntries(
        planSeededLinks("x", [{ label: "links", entries: list }]).map((l) => [l.value, l.name]),
      );
    assert.deepStrictEqual(names(entries), names([...entries].reverse()));
    assert.deepStrictEqual(names(entries), {
      "1": "x-Google-1",
      "2": "x-Google-2",
      "bob@corp": "x-CorpSAML-bob@corp",
    });
  });

  it("replaces characters other than letters, digits and . _ @ + = - in names with _", () => {
    const link = { username: "jane doe", provider: "Okta", attributeName: "custom:dept", value: "R&D/north" };
    assert.strictEqual(seededLinkName("c", link), "c-Okta-custom_dept=R_D_north");
    // The name 0.1 gave (with the username) stays an alias of the child.
    assert.strictEqual(legacySeededLinkName("c", link), "c-jane_doe-Okta-custom_dept=R_D_north");
  });

  it("takes the pool id and username from aws.cognito.User resources, and waits for them and for dependsOn", async () => {
    const pool = new aws.cognito.UserPool("users-pool", {});
    const google = new aws.cognito.IdentityProvider("users-google", {
      userPoolId: pool.id,
      providerName: "Google",
      providerType: "Google",
      providerDetails: {},
    });
    const alice = new aws.cognito.User("users-alice", { userPoolId: pool.id, username: "alice" });
    const users: Record<string, Seeded.SeededUser> = { alice }; // aws.cognito.User fits the duck type
    build(
      "users",
      {
        userPoolId: pool.id,
        users,
        links: [
          { username: "alice", provider: "Google", subject: "1" },
          { username: "zed", provider: "Google", subject: "2" },
        ],
      },
      { dependsOn: [google] },
    );
    await settled();
    const link = named(registered, "users-Google-1");
    assert.strictEqual(link.inputs.userPoolId, MOCK_POOL_ID);
    assert.deepStrictEqual(link.inputs.destinationUser, { providerAttributeValue: "alice" });
    const userUrn = named(registered, "users-alice").urn;
    const googleUrn = named(registered, "users-google").urn;
    assert.ok(link.dependencies.includes(userUrn), `link depends on ${link.dependencies.join(", ")}`);
    assert.ok(link.dependencies.includes(googleUrn), `link depends on ${link.dependencies.join(", ")}`);
    // A username without a users entry is linked by name in the component's pool.
    const zed = named(registered, "users-Google-2");
    assert.strictEqual(zed.inputs.userPoolId, MOCK_POOL_ID);
    assert.ok(!zed.dependencies.includes(userUrn));
  });

  it("looks users up by own property only: users named constructor, toString and __proto__ link by name", async () => {
    const alice = { userPoolId: POOL, username: "alice" };
    const inherited = ["constructor", "toString", "__proto__", "hasOwnProperty"];
    const c = build("proto", {
      users: { alice },
      links: inherited.map((username, i) => ({ username, provider: "Google", subject: `p${i}` })),
    });
    // A user picked up from Object.prototype (a function) used to leave an Output that never resolved.
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("never settled")), 5_000));
    await Promise.race([settled(), timeout]);
    const destinations = await Promise.all(
      Object.values(c.links).map((l) => valueOf(l.destinationUser).then((d) => d.providerAttributeValue)),
    );
    assert.deepStrictEqual(destinations, inherited);
    for (const l of Object.values(c.links)) assert.strictEqual(await valueOf(l.userPoolId), POOL);
  });

  it("reads a YAML file with every value as a string, so numeric subjects keep their digits", async () => {
    const yaml = file(
      "links.yaml",
      "links:\n  - username: alice\n    provider: Google\n    subject: 104842977164520071234\n" +
        "  - { username: bob, provider: CorpSAML, attribute: { name: email, value: bob@corp.example.com } }\n",
    );
    const c = build("yaml", { file: yaml });
    await settled();
    assert.deepStrictEqual(Object.keys(c.links), [
      "yaml-Google-104842977164520071234",
      "yaml-CorpSAML-email=bob@corp.example.com",
    ]);
    assert.strictEqual(
      named(registered, "yaml-Google-104842977164520071234").inputs.sourceUser.providerAttributeValue,
      "104842977164520071234",
    );
  });

  it("reads a JSON file holding a list of entries, together with inline links", async () => {
    const json = file(
      "links.json",
      JSON.stringify([{ username: "carol", provider: "Google", subject: "3" }]),
    );
    const c = build("json", { file: json, links: [{ username: "dave", provider: "Google", subject: "4" }] });
    await settled();
    assert.deepStrictEqual(Object.keys(c.links).sort(), ["json-Google-3", "json-Google-4"]);
  });

  describe("refuses, before registering anything, and names the entries", () => {
    const g = (username: string, subject: string) => ({ username, provider: "Google", subject });
    const cases: { it: string; args: () => Partial<Seeded.SeededUserLinksArgs>; message: RegExp[] }[] = [
      {
        it: "duplicate entries",
        args: () => ({ links: [g("alice", "1"), g("bob", "2"), g("alice", "1")] }),
        message: [
          /links\[0\] \(username "alice", provider "Google", subject "1"\), links\[2\] .*duplicate entries/,
        ],
      },
      {
        it: "one identity given to two users",
        args: () => ({ links: [g("alice", "1"), g("bob", "1")] }),
        message: [
          /links\[0\] \(username "alice".*links\[1\] \(username "bob".*one identity is given to 2 users \(alice, bob\)/,
        ],
      },
      {
        it: "six identities for one user spelled in two cases (one user in a case-insensitive pool)",
        args: () => ({
          links: [...["1", "2", "3"].map((s) => g("alice", s)), ...["4", "5", "6"].map((s) => g("ALICE", s))],
        }),
        message: [
          /6 identities for user "alice" \(spelled alice, ALICE: one user in a case-insensitive pool\)/,
        ],
      },
      {
        it: "six identities for one user",
        args: () => ({ links: ["1", "2", "3", "4", "5", "6"].map((s) => g("alice", s)) }),
        message: [
          /links\[0\].*links\[5\] \(username "alice", provider "Google", subject "6"\): 6 identities for user "alice"/,
        ],
      },
      {
        it: "a missing subject",
        args: () => ({
          links: [g("alice", "1"), { username: "bob", provider: "Google" }] as SeededLinkEntry[],
        }),
        message: [/links\[1\] \(username "bob", provider "Google"\): missing subject/],
      },
      {
        it: "a missing username or provider",
        args: () => ({
          links: [
            { provider: "Google", subject: "1" },
            { username: "bob", subject: "2" },
          ] as unknown as SeededLinkEntry[],
        }),
        message: [
          /links\[0\] \(provider "Google", subject "1"\): missing username/,
          /links\[1\] .*: missing provider/,
        ],
      },
      {
        it: "the Cognito provider",
        args: () => ({ links: [{ username: "alice", provider: "cognito", subject: "alice" }] }),
        message: [
          /links\[0\] \(username "alice", provider "cognito", subject "alice"\): provider "cognito" is Cognito's own/,
        ],
      },
      {
        it: "an unknown field",
        args: () => ({
          links: [{ username: "alice", provider: "Google", subjet: "1" } as unknown as SeededLinkEntry],
        }),
        message: [/unknown field "subjet"/, /missing subject/],
      },
      {
        it: "both subject and attribute",
        args: () => ({
          links: [
            { username: "a", provider: "CorpSAML", subject: "1", attribute: { name: "email", value: "a@x" } },
          ],
        }),
        message: [/links\[0\] .*: give subject or attribute, not both/],
      },
      {
        it: "two entries whose names would collide",
        args: () => ({ links: [g("alice", "a/b"), g("alice", "a_b")] }),
        message: [/links\[0\].*links\[1\].*would share the link name "collide-Google-a_b"/],
      },
      {
        it: "a numeric subject in a JSON file, naming the file",
        args: () => ({
          file: file(
            "numeric.json",
            JSON.stringify({
              links: [g("alice", "1"), { username: "bob", provider: "Google", subject: 42 }],
            }),
          ),
        }),
        message: [
          /numeric\.json\[1\] \(username "bob", provider "Google"\): subject must be a string, got the number 42 \(quote it/,
        ],
      },
      {
        it: "duplicates across inline links and a YAML file, naming both",
        args: () => ({
          links: [g("alice", "1")],
          file: file("dup.yaml", "- { username: alice, provider: Google, subject: '1' }\n"),
        }),
        message: [/links\[0\] .*dup\.yaml\[0\] .*duplicate entries/],
      },
    ];
    for (const c of cases) {
      it(c.it, async () => {
        const name = c.it === "two entries whose names would collide" ? "collide" : `bad-${cases.indexOf(c)}`;
        assert.throws(
          () => build(name, c.args()),
          (e: Error) => {
            for (const m of c.message) assert.match(e.message, m);
            assert.match(
              e.message,
              new RegExp(
                `^SeededUserLinks ${name}: \\d+ problems? in the link entries; nothing was registered`,
              ),
            );
            return true;
          },
        );
        await settled();
        assert.deepStrictEqual(
          registered.filter((r) => r.name === name || r.name.startsWith(`${name}-`)).map((r) => r.name),
          [],
        );
      });
    }

    it("every problem at once", () => {
      assert.throws(
        () =>
          build("many", {
            links: [g("alice", "1"), g("alice", "1"), { username: "x", provider: "Cognito", subject: "y" }],
          }),
        /2 problems/,
      );
    });
  });

  it("refuses a file that is not .json, .yaml or .yml, or that cannot be read, naming it", () => {
    assert.throws(
      () => build("txt", { file: file("links.txt", "[]") }),
      /links\.txt is not valid: the name must end in \.json, \.yaml or \.yml/,
    );
    assert.throws(
      () => build("gone", { file: path.join(dir, "missing.yaml") }),
      /cannot read links file .*missing\.yaml/,
    );
    assert.throws(
      () => build("shape", { file: file("shape.yaml", "alice: Google\n") }),
      /shape\.yaml must hold a list of entries/,
    );
  });

  it("refuses a users entry without userPoolId and username, and args without links or file", () => {
    assert.throws(
      () => build("u", { links: [], users: { alice: { username: "alice" } as Seeded.SeededUser } }),
      /users\["alice"\] must have userPoolId and username/,
    );
    assert.throws(() => build("none", {}), /give links, file, or both/);
    assert.strictEqual(
      ofType(registered, SEEDED_TYPE).filter((r) => r.name === "u" || r.name === "none").length,
      0,
    );
  });
});
