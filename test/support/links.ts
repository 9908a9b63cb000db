// Shared pieces of the engine-path and CLI scenarios: the seeded pool, link programs to capture, links made by hand.
import * as path from "path";
import {
  AdminLinkProviderForUserCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import type * as pulumi from "@pulumi/pulumi";
import { UserProviderLink, type UserProviderLinkArgs } from "../../provider";
import { LINK_TYPE } from "./tokens";
import { capture, type Registration } from "./engine-model";

export const PROJECT = "proj";
export const STACK = "dev";
export { LINK_TYPE };

/** Pools, identity providers and users with fixed ids (`--seed`): ids in a recorded state stay valid. */
export const SEED_FILE = path.join(__dirname, "fixtures", "seed.json");
/** The seeded pool; only ever add to seed.json, since recorded states name what is there. */
export const POOL_ID = "us-east-1_EngineLinks";

export function linkUrn(name: string): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${LINK_TYPE}::${name}`;
}

export interface LinkSpec {
  name: string;
  args: UserProviderLinkArgs;
  opts?: pulumi.CustomResourceOptions;
}

/** `destination` (a native user of the seeded pool) linked to a Google subject, the most common link. */
export function googleLink(name: string, destination: string, subject: pulumi.Input<string>): LinkSpec {
  return {
    name,
    args: {
      userPoolId: POOL_ID,
      destinationUser: { providerAttributeValue: destination },
      sourceUser: { providerName: "Google", providerAttributeValue: subject },
    },
  };
}

/** A program that declares these links and nothing else. */
export function linkProgram(links: readonly LinkSpec[]): () => void {
  return () => {
    for (const l of links) new UserProviderLink(l.name, l.args, l.opts);
  };
}

/** The registrations of a program of these links, as `pulumi up` (with `preview`: `pulumi preview`) sends them. */
export function captureLinks(links: readonly LinkSpec[], preview = false): Promise<Registration[]> {
  return capture(linkProgram(links), { project: PROJECT, stack: STACK, preview });
}

/** AdminLinkProviderForUser for a native destination, as an operator would run it by hand. */
export async function linkByHand(
  client: CognitoIdentityProviderClient,
  poolId: string,
  destination: string,
  source: { providerName: string; providerAttributeName?: string; providerAttributeValue: string },
): Promise<void> {
  await client.send(
    new AdminLinkProviderForUserCommand({
      UserPoolId: poolId,
      DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: destination },
      SourceUser: {
        ProviderName: source.providerName,
        ProviderAttributeName: source.providerAttributeName ?? "Cognito_Subject",
        ProviderAttributeValue: source.providerAttributeValue,
      },
    }),
  );
}

/** The `__provider` text of a registration (today's serialized provider for that program). */
export function providerText(reg: Registration): string {
  const text = reg.inputs.__provider;
  if (typeof text !== "string") throw new Error(`${reg.urn} has no serialized __provider`);
  return text;
}
