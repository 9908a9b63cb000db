// Create: link the identity to the destination, read back what Cognito did, and word what went wrong.
import type { dynamic } from "@pulumi/pulumi";
import { awsErrorInfo, classify, cognitoFailure, UserProviderLinkError } from "./errors";
import { encodeLinkId } from "./id";
import { Link, LinkInputs, RedactableField } from "./inputs";
import { Session } from "./session";
import { linkOf, outputsOf } from "./state";
import { DestinationView, destinationChanged, findSignedInUser, readDestination } from "./users";

/**
 * Links, then reads back, after success and after failure alike: the call is not idempotent and can fail yet
 * link (docs/cognito.md L6, L13), so the destination's identities decide. An existing link here is adopted:
 * our substitute for `pulumi import`, which dynamic resources cannot do (pulumi/pulumi#16175). A failed
 * read-back decides nothing: a link Cognito accepted is reported made (with the time of now), a link Cognito
 * refused is reported with Cognito's error.
 */
export async function linkNow(session: Session, inputs: LinkInputs): Promise<dynamic.CreateResult> {
  const link = linkOf(inputs);
  const redacted = inputs.redactInId ?? [];
  const id = encodeLinkId(link, redacted);
  const callError = await sendLink(session, link);
  const { view, readError } = await readBack(session, link);
  if (view?.entry) return { id, outs: outputsOf(link, redacted, view.entry) };
  if (callError === undefined) return { id, outs: outputsOf(link, redacted, undefined) };
  throw await createFailure(session, link, redacted, callError, readError);
}

/** AdminLinkProviderForUser. Its error is returned, not thrown: the read-back decides what it meant. */
async function sendLink(session: Session, link: Link): Promise<unknown> {
  try {
    await session.link(link.userPoolId, link.destinationUser, link.sourceUser);
    return undefined;
  } catch (e) {
    return e;
  } finally {
    destinationChanged(session, link);
  }
}

/** The destination read fresh, or the error that kept it unread. */
async function readBack(
  session: Session,
  link: Link,
): Promise<{ view?: DestinationView; readError?: unknown }> {
  try {
    return { view: await readDestination(session, link, 0) };
  } catch (e) {
    return { readError: e };
  }
}

/** The error for a link Cognito refused and the read-back did not show, classified by Cognito's answer. */
async function createFailure(
  session: Session,
  link: Link,
  redacted: RedactableField[],
  callError: unknown,
  readError: unknown,
): Promise<UserProviderLinkError> {
  const info = awsErrorInfo(callError);
  const kind = classify(info);
  // "Already linked" names no user: after an answer lost on the way and a retry (docs/cognito.md L13) it is
  // this very link, which only the read-back can tell. Unread, it is not "another user's": report the read.
  if (readError !== undefined && kind === "alreadyLinked") {
    return cognitoFailure(awsErrorInfo(readError), { operation: "AdminGetUser", link, redacted });
  }
  const signedInAs = kind === "alreadySignedIn" ? await signedInUsername(session, link) : undefined;
  return cognitoFailure(info, { operation: "AdminLinkProviderForUser", link, redacted, signedInAs });
}

/** The federated user the identity became by signing in, for the message; undefined when not found or unread. */
async function signedInUsername(session: Session, link: Link): Promise<string | undefined> {
  const s = link.sourceUser;
  const user = await findSignedInUser(
    session,
    link.userPoolId,
    s.providerName,
    s.providerAttributeValue,
    0,
  ).catch(() => undefined);
  return user?.username;
}
