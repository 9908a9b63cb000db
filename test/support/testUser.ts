// A test-only dynamic resource that manages a native Cognito user in the emulator. It stands in for
// aws.cognito.User, whose provider plugin cannot be built here: a user whose replacement deletes it first and
// whose username the links can be wired to.
import * as pulumi from "@pulumi/pulumi";

export interface TestUserArgs {
  userPoolId: pulumi.Input<string>;
  username: pulumi.Input<string>;
  /** Changing it replaces the user (deleted first: the new one has the same username). */
  generation?: pulumi.Input<number>;
}

const provider: pulumi.dynamic.ResourceProvider = {
  async diff(_id, olds, news) {
    const replaces = ["userPoolId", "username", "generation"].filter((k) => olds[k] !== news[k]);
    return { changes: replaces.length > 0, replaces, deleteBeforeReplace: true };
  },
  async create(inputs) {
    const sdk = require("@aws-sdk/client-cognito-identity-provider");
    const client = new sdk.CognitoIdentityProviderClient({});
    try {
      const out = await client.send(
        new sdk.AdminCreateUserCommand({
          UserPoolId: inputs.userPoolId,
          Username: inputs.username,
          MessageAction: "SUPPRESS",
        }),
      );
      return { id: `${inputs.userPoolId}/${inputs.username}`, outs: { ...inputs, sub: out.User?.Username } };
    } finally {
      client.destroy();
    }
  },
  async delete(_id, props) {
    const sdk = require("@aws-sdk/client-cognito-identity-provider");
    const client = new sdk.CognitoIdentityProviderClient({});
    try {
      await client.send(
        new sdk.AdminDeleteUserCommand({ UserPoolId: props.userPoolId, Username: props.username }),
      );
    } catch (e) {
      if ((e as { name?: string }).name !== "UserNotFoundException") throw e;
    } finally {
      client.destroy();
    }
  },
};

export class TestUser extends pulumi.dynamic.Resource {
  public readonly userPoolId!: pulumi.Output<string>;
  public readonly username!: pulumi.Output<string>;

  constructor(name: string, args: TestUserArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { generation: 1, ...args, sub: undefined }, opts, "test", "User");
  }
}
