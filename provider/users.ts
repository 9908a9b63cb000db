// Finding the Cognito user behind a destination or an external identity, and its links.
import { awsErrorInfo, classify } from "./errors";
import { findIdentity, Identity, parseIdentities } from "./identities";
import { COGNITO_PROVIDER, Link } from "./inputs";
import { UserRecord } from "./cognito";
import { Session } from "./runtime";

/**
 * Usernames a user may have in the pool: a native user's own; a federated user is `<provider>_<id>`, which
 * Cognito often lower-cases (spec R3): the provider part alone (`loginwithamazon_amzn1.account.AFXYZ`) or the
 * whole name, so every spelling is tried, the exact one first.
 */
export function usernamesOf(providerName: string, value: string): string[] {
  if (providerName === COGNITO_PROVIDER) return [value];
  const spellings = [
    `${providerName}_${value}`,
    `${providerName.toLowerCase()}_${value}`,
    `${providerName}_${value}`.toLowerCase(),
  ];
  return spellings.filter((u, i) => spellings.indexOf(u) === i);
}

/** The first of the candidate usernames that exists, or undefined when none does. Other errors propagate. */
export async function findUser(
  session: Session,
  userPoolId: string,
  candidates: string[],
  freshAfter: number,
): Promise<UserRecord | undefined> {
  for (const username of candidates) {
    try {
      return await session.getUser(userPoolId, username, freshAfter);
    } catch (e) {
      if (classify(awsErrorInfo(e)) !== "userNotFound") throw e;
    }
  }
  return undefined;
}

export interface DestinationView {
  user: UserRecord;
  identities: Identity[];
  /** This link's entry, when the source identity is linked to this destination. */
  entry?: Identity;
}

/** Reads the destination and its links; undefined when the user does not exist. Throws on a corrupt `identities`. */
export async function readDestination(
  session: Session,
  link: Link,
  freshAfter: number,
): Promise<DestinationView | undefined> {
  const d = link.destinationUser;
  const user = await findUser(
    session,
    link.userPoolId,
    usernamesOf(d.providerName, d.providerAttributeValue),
    freshAfter,
  );
  if (!user) return undefined;
  const identities = parseIdentities(user.attributes.identities);
  const s = link.sourceUser;
  return { user, identities, entry: findIdentity(identities, s.providerName, s.providerAttributeValue) };
}
