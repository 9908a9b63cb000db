// Links that depend on a destination user which is replaced (deleted first, so Cognito deletes its links with
// it): wired to the user's username, or naming it as a literal with dependsOn. Under the real CLI the engine
// asks the link's diff with the dependent inputs unknown, in the update itself.
import * as assert from "assert";
import { UserProviderLink } from "../../provider";
import { stepList } from "../support/pulumi";
import { POOL_ID, useScenarios } from "../support/cliScenario";
import { TestUser } from "../support/testUser";

describe("links of a destination user that is replaced, under the real Pulumi CLI", function () {
  this.timeout(120_000);
  const scenarios = useScenarios();

  const source = { providerName: "Google", providerAttributeValue: "1098765" };

  it("relinks a link wired to the user's username after the user is replaced", async () => {
    const program = (generation: number) => () => {
      const user = new TestUser("erin", { userPoolId: POOL_ID, username: "erin", generation });
      new UserProviderLink("erin-google", {
        userPoolId: user.userPoolId,
        destinationUser: { providerAttributeValue: user.username },
        sourceUser: source,
      });
    };
    const s = await scenarios.start(program(1));
    assert.ok((await s.stack.up()).ok);
    assert.deepStrictEqual(await s.identities("erin"), ["Google:1098765"]);
    s.stack.program = program(2);

    const preview = await s.stack.preview();
    const up = await s.stack.up();

    assert.ok(preview.ok, preview.output);
    assert.ok(stepList(preview).includes("replace erin-google"), stepList(preview).join(", "));
    assert.ok(up.ok, up.output);
    assert.ok(stepList(up).includes("replace erin-google"), stepList(up).join(", "));
    assert.deepStrictEqual(await s.identities("erin"), ["Google:1098765"]);
    assert.ok((await s.stack.preview({ expectNoChanges: true })).ok, "state and Cognito agree");
  });

  it("relinks a link naming the user as a literal with dependsOn after the user is replaced", async () => {
    const program = (generation: number) => () => {
      const user = new TestUser("erin", { userPoolId: POOL_ID, username: "erin", generation });
      new UserProviderLink(
        "erin-google",
        { userPoolId: POOL_ID, destinationUser: { providerAttributeValue: "erin" }, sourceUser: source },
        { dependsOn: [user] },
      );
    };
    const s = await scenarios.start(program(1));
    assert.ok((await s.stack.up()).ok);
    s.stack.program = program(2);

    const up = await s.stack.up();

    assert.ok(up.ok, up.output);
    assert.ok(stepList(up).includes("replace erin-google"), stepList(up).join(", "));
    assert.deepStrictEqual(await s.identities("erin"), ["Google:1098765"]);
    // After a refresh nothing is missing: the state's link is Cognito's link.
    const refresh = await s.stack.refresh({ expectNoChanges: true });
    assert.ok(refresh.ok, refresh.output);
  });
});
