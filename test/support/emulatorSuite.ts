// Shared set-up of the emulator specs (test/emulator): an in-process emulator per suite, SDK clients, a pool world, raw calls.
import { type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import {
  type EmulatorControl,
  emulatorControl,
  jsonOrUndefined,
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from "../../emulator";
import { cognitoClient } from "./sdk";

export interface EmulatorHandle {
  emulator: RunningEmulator;
  client: CognitoIdentityProviderClient;
  /** The emulator's own endpoints: stats, reset, external sign-in. */
  control: EmulatorControl;
}

/** Starts an in-process emulator before the suite and stops it after; read `.emulator`/`.client`/`.control` inside tests. */
export function useInProcessEmulator(options: EmulatorOptions = {}): EmulatorHandle {
  const handle = {} as EmulatorHandle;
  before(async () => {
    handle.emulator = await startEmulator(options);
    handle.client = cognitoClient(handle.emulator.url, "us-east-1", { maxAttempts: 1 });
    handle.control = emulatorControl(handle.emulator.url);
  });
  after(async () => {
    handle.client?.destroy();
    await handle.emulator?.close();
  });
  return handle;
}

export { aWorld, type World } from "./world";
export { signIn } from "../../emulator";

export function google(value: string): {
  ProviderName: string;
  ProviderAttributeName: string;
  ProviderAttributeValue: string;
} {
  return { ProviderName: "Google", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: value };
}

export function cognitoUser(username: string): { ProviderName: string; ProviderAttributeValue: string } {
  return { ProviderName: "Cognito", ProviderAttributeValue: username };
}

/** A fake SigV4 Authorization header whose credential scope names `region`. */
export function authorization(region = "us-east-1"): string {
  return `AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/${region}/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000`;
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** A hand-made Cognito call, for what the SDK would never send. */
export async function rawCall(
  url: string,
  operation: string | undefined,
  body: string | object,
  headers: Record<string, string | undefined> = {},
): Promise<RawAnswer> {
  const sent: Record<string, string> = {
    "Content-Type": "application/x-amz-json-1.1",
    Authorization: authorization(),
  };
  if (operation !== undefined) sent["X-Amz-Target"] = `AWSCognitoIdentityProviderService.${operation}`;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) delete sent[name];
    else sent[name] = value;
  }
  const response = await fetch(`${url}/`, {
    method: "POST",
    headers: sent,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: jsonOrUndefined(text), text };
}
