// Delete: unlink the identity from the destination, only when this resource alone declares the link and the
// destination shows it; a refusal that leaves the link in place is worded for a person to finish by hand.
import { AwsErrorInfo, awsErrorInfo, classify, cognitoFailure, linkError } from "./errors";
import { Identifier } from "./cognito";
import { Identity, isIdentitiesFormatError } from "./identities";
import { COGNITO_SUBJECT, Link, RedactableField } from "./inputs";
import { foldedLinkKey, linkKey } from "./keys";
import { Ledger } from "./ledger";
import { redactText, unlinkRefused, unlinkUnseen } from "./messages";
import { Session } from "./session";
import { destinationChanged, readDestination } from "./users";

export async function unlinkNow(session: Session, link: Link, redactInId: RedactableField[]): Promise<void> {
  // Another resource of this deployment holds this very link (a rename, a move, a swap, a duplicate): the
  // resource leaves the state, the link stays. No Cognito call is needed to know that.
  if (await declaredElsewhere(session, link)) return;
  // Check first: the disable call names only the source identity and would remove its link wherever it is
  // now, even from a user this resource no longer manages.
  const entry = await currentEntry(session, link, redactInId);
  if (!entry) return;
  let refused: AwsErrorInfo | undefined;
  for (const source of namesOfIdentity(link, entry)) {
    const notLinked = await sendDisable(session, link, redactInId, source);
    if (notLinked === undefined) return;
    // "Not linked", yet the destination showed the link: only a fresh read tells whether it is gone.
    if (!(await currentEntry(session, link, redactInId))) return;
    refused = notLinked;
  }
  const shown = refused && { ...refused, message: redactText(refused.message, link, redactInId) };
  throw linkError(unlinkRefused(link, redactInId, shown), "notLinked", shown);
}

/**
 * Whether a resource of this deployment declares this link (see Ledger.declare). A declaration that differs
 * in the case of the username only counts where the pool is case-insensitive (then it is the same user);
 * when the pool cannot be described, it counts: keeping a link linked is the harmless mistake.
 */
async function declaredElsewhere(session: Session, link: Link): Promise<boolean> {
  const ledger = new Ledger(session);
  if (ledger.isDeclared(linkKey(link))) return true;
  if (!ledger.isDeclared(foldedLinkKey(link))) return false;
  const pool = await session.describeUserPool(link.userPoolId).catch(() => undefined);
  return pool === undefined || !pool.caseSensitive;
}

/**
 * This link's entry in the destination's `identities`, read fresh; undefined when the link, the user or the
 * pool is gone. An unreadable `identities` attribute is an error: without it nobody can tell who holds the
 * identity, and the disable call would remove it from whoever does.
 */
async function currentEntry(
  session: Session,
  link: Link,
  redacted: RedactableField[],
): Promise<Identity | undefined> {
  try {
    return (await readDestination(session, link, Date.now()))?.entry;
  } catch (e) {
    if (isIdentitiesFormatError(e)) {
      throw linkError(unlinkUnseen(link, redacted, redactText(e.message, link, redacted)), "invalidState");
    }
    const info = awsErrorInfo(e);
    if (classify(info) === "poolNotFound") return undefined;
    throw cognitoFailure(info, { operation: "AdminGetUser", link, redacted });
  }
}

/**
 * The identity as it was linked; once a SAML/OIDC identity linked by another claim has signed in, Cognito
 * knows it by `Cognito_Subject` only (docs/cognito.md §2), so that is the second name to try.
 */
function namesOfIdentity(link: Link, entry: Identity): Identifier[] {
  const names: Identifier[] = [link.sourceUser];
  if (link.sourceUser.providerAttributeName !== COGNITO_SUBJECT) {
    names.push({
      ...link.sourceUser,
      providerAttributeName: COGNITO_SUBJECT,
      providerAttributeValue: entry.userId,
    });
  }
  return names;
}

/**
 * AdminDisableProviderForUser for one name of the identity: undefined when the link is gone (unlinked, or
 * its user or pool no longer exists), Cognito's answer when it says "not linked"; any other error is thrown.
 */
async function sendDisable(
  session: Session,
  link: Link,
  redacted: RedactableField[],
  source: Identifier,
): Promise<AwsErrorInfo | undefined> {
  try {
    await session.disable(link.userPoolId, source);
    return undefined;
  } catch (e) {
    const info = awsErrorInfo(e);
    const kind = classify(info);
    if (kind === "userNotFound" || kind === "poolNotFound") return undefined;
    if (kind === "notLinked") return info;
    throw cognitoFailure(info, { operation: "AdminDisableProviderForUser", link, redacted });
  } finally {
    destinationChanged(session, link);
  }
}
