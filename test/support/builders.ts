// Builders for test data: aLink({...}) gives a valid, normalized link with overrides.
import { Link, LinkInputs } from "../../provider/inputs";

export interface LinkOverrides {
  userPoolId?: string;
  destinationUser?: Partial<Link["destinationUser"]>;
  sourceUser?: Partial<Link["sourceUser"]>;
}

export function aLink(o: LinkOverrides = {}): LinkInputs {
  return {
    userPoolId: o.userPoolId ?? "us-east-1_TestPool1",
    destinationUser: { providerName: "Cognito", providerAttributeValue: "alice", ...o.destinationUser },
    sourceUser: {
      providerName: "Google",
      providerAttributeName: "Cognito_Subject",
      providerAttributeValue: "1098765",
      ...o.sourceUser,
    },
  };
}

/** Raw program inputs (before defaults), as a user writes them. */
export function rawArgs(o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    userPoolId: "us-east-1_TestPool1",
    destinationUser: { providerAttributeValue: "alice" },
    sourceUser: { providerName: "Google", providerAttributeValue: "1098765" },
    ...o,
  };
}
