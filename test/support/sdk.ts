// The real AWS SDK client, pointed at an emulator with dummy credentials.
import {
  CognitoIdentityProviderClient,
  type CognitoIdentityProviderClientConfig,
} from "@aws-sdk/client-cognito-identity-provider";

/** Dummy credentials: the emulator reads only the region of the signature's scope. */
export const DUMMY_CREDENTIALS = { accessKeyId: "AKIDTESTEMULATOR", secretAccessKey: "test-secret" };

export function cognitoClient(
  url: string,
  region = "us-east-1",
  config: Partial<CognitoIdentityProviderClientConfig> = {},
): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: url,
    region,
    credentials: DUMMY_CREDENTIALS,
    ...config,
  });
}
