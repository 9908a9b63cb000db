// The baseline people write by hand: a dynamic provider with the SDK's default client, no limiter, no read-back.
import * as pulumi from "@pulumi/pulumi";

interface NaiveArgs {
  userPoolId: pulumi.Input<string>;
  username: pulumi.Input<string>;
  providerName: pulumi.Input<string>;
  subject: pulumi.Input<string>;
}

const naiveProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    const sdk = require("@aws-sdk/client-cognito-identity-provider");
    const client = new sdk.CognitoIdentityProviderClient({ region: inputs.userPoolId.split("_")[0] });
    await client.send(
      new sdk.AdminLinkProviderForUserCommand({
        UserPoolId: inputs.userPoolId,
        DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: inputs.username },
        SourceUser: {
          ProviderName: inputs.providerName,
          ProviderAttributeName: "Cognito_Subject",
          ProviderAttributeValue: inputs.subject,
        },
      }),
    );
    return {
      id: `${inputs.userPoolId}/${inputs.username}/${inputs.providerName}/${inputs.subject}`,
      outs: inputs,
    };
  },
  async delete(_id, props) {
    const sdk = require("@aws-sdk/client-cognito-identity-provider");
    const client = new sdk.CognitoIdentityProviderClient({ region: props.userPoolId.split("_")[0] });
    await client.send(
      new sdk.AdminDisableProviderForUserCommand({
        UserPoolId: props.userPoolId,
        User: {
          ProviderName: props.providerName,
          ProviderAttributeName: "Cognito_Subject",
          ProviderAttributeValue: props.subject,
        },
      }),
    );
  },
};

export class NaiveLink extends pulumi.dynamic.Resource {
  constructor(name: string, args: NaiveArgs, opts?: pulumi.CustomResourceOptions) {
    super(naiveProvider, name, { ...args }, opts, "bench", "NaiveLink");
  }
}
