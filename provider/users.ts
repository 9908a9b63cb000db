// Finding the Cognito user behind a destination or an external identity, and its links.
import { awsErrorInfo, classify } from "./errors";
import { findIdentity, Identity, parseIdentities } from "./identities";
import { COGNITO_PROVIDER, Link } from "./inputs";
import { UserRecord } from "./cognito";
import { Session } from "./session";

/**
 * Usernames a user may have in the pool: a native user's own; a federated user is `<provider>_<id>`, which
 * Cognito often lower-cases (docs/cognito.md R3): the provider part alone (`loginwithamazon_amzn1.account.AFXYZ`) or the
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

/**
 * Whether the user AdminGetUser answered with is the one named `asked`. AdminGetUser also accepts an alias
 * (email, phone number, preferred_username) or the sub and answers with that user (docs/cognito.md R6): its `Username`
 * must be the name asked for, compared without case only where the pool is case-insensitive (docs/cognito.md R7). The
 * pool is described only when the two differ in case alone.
 */
async function isNamed(
  session: Session,
  userPoolId: string,
  asked: string,
  user: UserRecord,
): Promise<boolean> {
  if (user.username === asked) return true;
  if (user.username.toLowerCase() !== asked.toLowerCase()) return false;
  return !(await session.describeUserPool(userPoolId)).caseSensitive;
}

/**
 * In a case-insensitive pool (docs/cognito.md R7) spellings that differ only in case name one user, and one AdminGetUser
 * answers for all of them: only the first of each is asked for. Where the pool is not known to be
 * case-insensitive, every spelling is.
 */
function oneSpellingPerUser(candidates: string[], caseSensitive: boolean): string[] {
  if (caseSensitive) return candidates;
  const seen = new Set<string>();
  return candidates.filter((u) => !seen.has(u.toLowerCase()) && seen.add(u.toLowerCase()));
}

/**
 * The first of the candidate usernames that names a user, or undefined when none does. A user reached by one
 * of them as an alias or sub is another user: it is passed to `onOther` and never returned. Other errors
 * propagate.
 */
export async function findUser(
  session: Session,
  userPoolId: string,
  candidates: string[],
  freshAfter: number,
  onOther?: (user: UserRecord, asked: string) => void,
  caseSensitive = true,
): Promise<UserRecord | undefined> {
  for (const username of oneSpellingPerUser(candidates, caseSensitive)) {
    let user: UserRecord;
    try {
      user = await session.getUser(userPoolId, username, freshAfter);
    } catch (e) {
      if (classify(awsErrorInfo(e)) !== "userNotFound") throw e;
      continue;
    }
    if (await isNamed(session, userPoolId, username, user)) return user;
    onOther?.(user, username);
  }
  return undefined;
}

/**
 * The federated user an external identity became by signing in on its own, or undefined. `caseSensitive`
 * false (the pool said so) asks for one spelling of each name instead of every case variant. Only a user with
 * status EXTERNAL_PROVIDER and a primary entry in `identities` is one (docs/cognito.md R8): a native user may be named
 * `google_555` like a federated one, and must never be taken for it.
 */
export async function findSignedInUser(
  session: Session,
  userPoolId: string,
  providerName: string,
  value: string,
  freshAfter: number,
  caseSensitive = true,
): Promise<UserRecord | undefined> {
  const candidates = usernamesOf(providerName, value);
  const user = await findUser(session, userPoolId, candidates, freshAfter, undefined, caseSensitive);
  if (!user || user.status !== "EXTERNAL_PROVIDER") return undefined;
  let identities: Identity[];
  try {
    identities = parseIdentities(user.attributes.identities);
  } catch {
    return undefined; // unreadable: nothing certain to report
  }
  return identities.some((i) => i.primary) ? user : undefined;
}

export interface DestinationView {
  user: UserRecord;
  identities: Identity[];
  /** This link's entry, when the source identity is linked to this destination. */
  entry?: Identity;
}

/**
 * Reads the destination and its links; undefined when no user has that name (a user reached by it as an
 * alias or sub is not the destination: see findUser). Throws on a corrupt `identities`.
 */
export async function readDestination(
  session: Session,
  link: Link,
  freshAfter: number,
  onOther?: (user: UserRecord, asked: string) => void,
): Promise<DestinationView | undefined> {
  const d = link.destinationUser;
  const user = await findUser(
    session,
    link.userPoolId,
    usernamesOf(d.providerName, d.providerAttributeValue),
    freshAfter,
    onOther,
  );
  if (!user) return undefined;
  const identities = parseIdentities(user.attributes.identities);
  const s = link.sourceUser;
  return { user, identities, entry: findIdentity(identities, s.providerName, s.providerAttributeValue) };
}

/** After a link or unlink call, succeeded or not: later reads of the destination (any spelling) go to Cognito. */
export function destinationChanged(session: Session, link: Link): void {
  const d = link.destinationUser;
  usernamesOf(d.providerName, d.providerAttributeValue).forEach((u) => session.changed(link.userPoolId, u));
}
