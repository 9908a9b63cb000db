import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type * as Program from "../../examples/quickstart/program";
import {
  installMocks,
  LINK_TYPE,
  named,
  ofType,
  Registered,
  requireFresh,
  SEEDED_TYPE,
  settled,
  valueOf,
} from "../support/pulumiMocks";
import { REPO_ROOT } from "../support/paths";

const PROJECT = "cognito-links-quickstart";
const EXPECTED_LINKS = [
  "quickstart-Google-104842977164520071234",
  "quickstart-CorpSAML-alice@corp.example.com",
  "quickstart-Google-117309457233104905678",
  "quickstart-CorpSAML-carol@corp.example.com",
];

describe("examples/quickstart", () => {
  let registered: Registered[];
  let program: typeof Program;

  beforeEach(async () => {
    registered = await installMocks(PROJECT);
    program = require("../../examples/quickstart/program");
  });

  it("is the root Pulumi.yaml's TypeScript program, in the project whose namespace its config uses", () => {
    const yaml = require("js-yaml") as { load(text: string): any };
    const project = yaml.load(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8"));
    assert.strictEqual(project.name, PROJECT);
    assert.strictEqual(project.main, "examples/quickstart/");
    assert.strictEqual(project.runtime.name, "nodejs");
    assert.strictEqual(project.runtime.options.typescript, true);
    assert.ok(fs.existsSync(path.join(REPO_ROOT, project.main, "index.ts")));
  });

  it("links the seeded users in us-east-1_Quick5tart when there is no config", async () => {
    program.quickstart();
    await settled();
    assert.strictEqual(named(registered, "quickstart").type, SEEDED_TYPE);
    const links = ofType(registered, LINK_TYPE);
    assert.deepStrictEqual(links.map((l) => l.name).sort(), [...EXPECTED_LINKS].sort());
    for (const link of links) {
      assert.strictEqual(link.inputs.userPoolId, "us-east-1_Quick5tart");
      assert.ok(link.parent.endsWith(`${SEEDED_TYPE}::quickstart`), link.parent);
      assert.strictEqual(typeof link.inputs.__provider, "string");
    }
    assert.deepStrictEqual(named(registered, EXPECTED_LINKS[0] as string).inputs.destinationUser, {
      providerAttributeValue: "alice",
    });
    assert.deepStrictEqual(named(registered, EXPECTED_LINKS[0] as string).inputs.sourceUser, {
      providerName: "Google",
      providerAttributeName: "Cognito_Subject",
      providerAttributeValue: "104842977164520071234",
    });
  });

  it("links only users and identity providers that seed.json gives the emulator's pool", async () => {
    const seed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "examples/quickstart/seed.json"), "utf8"));
    const pool = seed.pools.find((p: any) => p.id === program.DEFAULT_POOL_ID);
    assert.ok(pool, "seed.json has the default pool");
    assert.strictEqual(pool.users.length, 3);
    const usernames = pool.users.map((u: any) => u.username);
    const providers = pool.identityProviders.map((p: any) => p.name);
    assert.deepStrictEqual(providers, ["Google", "CorpSAML"]);
    program.quickstart();
    await settled();
    for (const link of ofType(registered, LINK_TYPE)) {
      assert.ok(usernames.includes(link.inputs.destinationUser.providerAttributeValue), link.name);
      assert.ok(providers.includes(link.inputs.sourceUser.providerName), link.name);
    }
  });

  it("takes the pool id from the project's userPoolId config", async () => {
    pulumi.runtime.setAllConfig({ [`${PROJECT}:userPoolId`]: "us-west-2_Other1" });
    const settings = program.settingsFromConfig();
    assert.strictEqual(settings.userPoolId, "us-west-2_Other1");
    program.quickstart(settings);
    await settled();
    const pools = ofType(registered, LINK_TYPE).map((l) => l.inputs.userPoolId);
    assert.deepStrictEqual(pools, [
      "us-west-2_Other1",
      "us-west-2_Other1",
      "us-west-2_Other1",
      "us-west-2_Other1",
    ]);
  });

  it("exports the pool id and the link ids as stack outputs from index.ts", async () => {
    const index = requireFresh<{ userPoolId: string; linkIds: pulumi.Output<Record<string, string>> }>(
      "../../examples/quickstart/index",
    );
    await settled();
    assert.strictEqual(index.userPoolId, "us-east-1_Quick5tart");
    const ids = await valueOf(index.linkIds);
    assert.deepStrictEqual(Object.keys(ids).sort(), [...EXPECTED_LINKS].sort());
    assert.strictEqual(ids[EXPECTED_LINKS[0] as string], `${EXPECTED_LINKS[0]}-id`);
  });
});
