// Recorded stack states (test/support/fixtures/state-*.json): what recordState.ts writes and the tests read back.
import * as fs from "fs";
import * as path from "path";
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import * as pulumi from "@pulumi/pulumi";
import { containsSecrets, reveal, type ResourceState, type StateFile } from "./engine-model";
import { googleLink, linkByHand, PROJECT, STACK, type LinkSpec, POOL_ID } from "./links";

export const FIXTURE_DIR = path.join(__dirname, "fixtures");

/** What a recording holds besides the state: enough to tell which code wrote it. */
export interface Recording {
  package: string;
  pulumi: string;
  schemaVersion: number;
  commit: string;
  recordedAt: string;
  seed: string;
}

export interface RecordedState extends StateFile {
  recorded: Recording;
}

/** The links a recording holds: a plain Google link, and a SAML link whose subject is a secret (redacted id). */
export const RECORDED_LINKS: LinkSpec[] = [
  googleLink("recorded-plain", "alice", "1098765"),
  {
    name: "recorded-secret",
    args: {
      userPoolId: POOL_ID,
      destinationUser: { providerAttributeValue: "bob" },
      sourceUser: { providerName: "CorpSAML", providerAttributeValue: pulumi.secret("bob@corp.example") },
    },
  },
];

/** `state-<package version>-schema<N>.json`: one file per released state shape, kept forever. */
export function fixtureName(packageVersion: string, schemaVersion: number): string {
  return `state-${packageVersion}-schema${schemaVersion}.json`;
}

export function fixtureFiles(): string[] {
  return fs
    .readdirSync(FIXTURE_DIR)
    .filter((f) => /^state-.*\.json$/.test(f))
    .sort()
    .map((f) => path.join(FIXTURE_DIR, f));
}

export function loadRecording(file: string): RecordedState {
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as RecordedState;
  if (parsed.version !== 1 || !Array.isArray(parsed.resources) || parsed.recorded === undefined) {
    throw new Error(`${file} is not a recorded state (see test/support/recordState.ts)`);
  }
  return parsed;
}

interface StoredLink {
  userPoolId: string;
  destinationUser: { providerName: string; providerAttributeValue: string };
  sourceUser: { providerName: string; providerAttributeName: string; providerAttributeValue: string };
}

/** The link a recorded resource manages, from its stored outputs (secrets revealed). */
export function storedLink(res: ResourceState): StoredLink {
  return reveal<StoredLink>(res.outputs);
}

/** Makes the recorded links again in a fresh emulator (seeded from the same seed), as they were when recorded. */
export async function relink(client: CognitoIdentityProviderClient, state: StateFile): Promise<void> {
  for (const res of state.resources) {
    const link = storedLink(res);
    if (link.destinationUser.providerName !== "Cognito")
      throw new Error(`${res.urn}: not a native destination`);
    await linkByHand(client, link.userPoolId, link.destinationUser.providerAttributeValue, link.sourceUser);
  }
}

/** Today's program for the recorded links: the same names and values, secrets still secret. */
export function programOf(state: StateFile): LinkSpec[] {
  return state.resources.map((res) => {
    const name = res.urn.split("::").pop() ?? "";
    if (res.urn !== `urn:pulumi:${STACK}::${PROJECT}::${res.type}::${name}`)
      throw new Error(`${res.urn} is not a resource of ${PROJECT}/${STACK}`);
    const link = storedLink(res);
    const secretIf = (key: "destinationUser" | "sourceUser", value: string): pulumi.Input<string> =>
      containsSecrets(res.inputs[key]) ? pulumi.secret(value) : value;
    return {
      name,
      args: {
        userPoolId: link.userPoolId,
        destinationUser: {
          providerName: link.destinationUser.providerName,
          providerAttributeValue: secretIf("destinationUser", link.destinationUser.providerAttributeValue),
        },
        sourceUser: {
          providerName: link.sourceUser.providerName,
          providerAttributeName: link.sourceUser.providerAttributeName,
          providerAttributeValue: secretIf("sourceUser", link.sourceUser.providerAttributeValue),
        },
      },
    };
  });
}
