// What the provider does for check, diff, create, read and delete of a link.
import type { dynamic } from "@pulumi/pulumi";
import { AwsErrorInfo, awsErrorInfo, classify, cognitoFailure, linkError } from "./errors";
import { redactText, refreshUnreadable, unlinkRefused, unlinkUnseen } from "./messages";
import { diffLinks } from "./diff";
import { encodeLinkId, idForLink } from "./id";
import { Identity, isIdentitiesFormatError } from "./identities";
import { COGNITO_SUBJECT, Link, LinkInputs, LinkOutputs, RedactableField, SCHEMA_VERSION } from "./inputs";
import { preflightEnabled } from "./config";
import { preflight } from "./preflight";
import { Ledger } from "./ledger";
import { ApiFactory, Session, SHARE_WINDOW_MS } from "./session";
import { linkFromState } from "./state";
import { findSignedInUser, readDestination, usernamesOf } from "./users";
import { isUnknown, normalize, regionOfPool } from "./validate";

function linkOf(inputs: Link): Link {
  return {
    userPoolId: inputs.userPoolId,
    destinationUser: inputs.destinationUser,
    sourceUser: inputs.sourceUser,
  };
}

function outputsOf(
  link: Link,
  redactInId: RedactableField[],
  entry: Identity | undefined,
  providerType?: string,
): LinkOutputs {
  return {
    ...linkOf(link),
    redactInId,
    providerType: entry?.providerType ?? providerType ?? "",
    linkedAt: new Date(entry?.dateCreated ?? Date.now()).toISOString(),
    schemaVersion: SCHEMA_VERSION,
  };
}

/**
 * The functions below are what the serialized provider of every resource calls (provider.ts). A program
 * that installed this package serializes `require("<package>/dist/provider/lifecycle.js")`, so state written
 * by any earlier version runs these functions as installed now: their names and signatures are kept stable.
 */

/** What makes two declarations the same link: pool, destination and identity, exactly as given. */
export function linkKey(link: Link): string {
  const d = link.destinationUser;
  const s = link.sourceUser;
  return JSON.stringify([
    link.userPoolId,
    d.providerName,
    d.providerAttributeValue,
    s.providerName,
    s.providerAttributeName,
    s.providerAttributeValue,
  ]);
}

/** The same key with the destination's username case-folded: one user in a case-insensitive pool. */
function foldedLinkKey(link: Link): string {
  const d = link.destinationUser;
  return linkKey({
    ...link,
    destinationUser: { ...d, providerAttributeValue: d.providerAttributeValue.toLowerCase() },
  });
}

/**
 * Whether a resource of this deployment declares this link (see Ledger.declare). A declaration that differs
 * in the case of the username only counts where the pool is case-insensitive (then it is the same user);
 * when the pool cannot be described, it counts: keeping a link linked is the harmless mistake.
 */
async function declaredElsewhere(session: Session, link: Link): Promise<boolean> {
  const ledger = new Ledger(session);
  if (ledger.isDeclared(linkKey(link))) return true;
  if (!ledger.isDeclared(`folded:${foldedLinkKey(link)}`)) return false;
  const pool = await session.describeUserPool(link.userPoolId).catch(() => undefined);
  return pool === undefined || !pool.caseSensitive;
}

/** The external identity a link names, which a disable call removes from whichever user holds it. */
function sourceIdentityKey(link: Link): string {
  return JSON.stringify([
    link.userPoolId,
    link.sourceUser.providerName,
    link.sourceUser.providerAttributeValue,
  ]);
}

function sessionFor(userPoolId: string, apiFactory?: ApiFactory): Session {
  const region = regionOfPool(userPoolId);
  if (!region) throw linkError(`"${userPoolId}" is not a user pool id`, "invalidInput");
  return new Session(region, apiFactory);
}

export async function checkLink(
  olds: unknown,
  news: unknown,
  apiFactory?: ApiFactory,
): Promise<dynamic.CheckResult> {
  const { inputs, failures, known } = normalize(news);
  if (failures.length === 0 && known) {
    const session = sessionFor(inputs.userPoolId, apiFactory);
    const ledger = new Ledger(session);
    ledger.declare(linkKey(inputs));
    ledger.declare(`folded:${foldedLinkKey(inputs)}`);
  }
  if (failures.length > 0 || !known || !preflightEnabled()) return { inputs, failures };
  // Preflight only a new or changed link: a no-op preview must make no Cognito call.
  const before =
    olds && typeof olds === "object" && Object.keys(olds).length > 0 ? normalize(olds) : undefined;
  if (before && before.failures.length === 0 && !diffLinks(before.inputs, inputs).changes) {
    return { inputs, failures };
  }
  const session = sessionFor(inputs.userPoolId, apiFactory);
  const replaced = before && before.failures.length === 0 ? before.inputs : undefined;
  return { inputs, failures: await preflight(session, inputs, replaced) };
}

export async function diffLink(id: string, olds: unknown, news: unknown): Promise<dynamic.DiffResult> {
  const stored = linkFromState(id, olds);
  const { inputs } = normalize(news);
  const diff = diffLinks(stored.link, inputs);
  // `dependenciesReady` turns unknown when a resource the link depends on is being replaced or created. The
  // engine asks exactly that when it replaces a destination user delete-first, in the update itself, for a
  // link naming the user as a literal with dependsOn: answering "no change" would leave in state a link that
  // Cognito deletes with the user. Replace the link with it (its delete comes first, its create after).
  const ready = (news as { dependenciesReady?: unknown } | null)?.dependenciesReady;
  if (isUnknown(ready) && !diff.changes) {
    return { changes: true, replaces: ["dependenciesReady"], deleteBeforeReplace: true };
  }
  return diff;
}

export async function createLink(news: unknown, apiFactory?: ApiFactory): Promise<dynamic.CreateResult> {
  const { inputs, failures, known } = normalize(news);
  if (failures.length > 0 || !known) {
    const detail = failures.map((f) => `${f.property} ${f.reason}`).join("; ") || "inputs are not known";
    throw linkError(`invalid UserProviderLink inputs: ${detail}`, "invalidInput");
  }
  const session = sessionFor(inputs.userPoolId, apiFactory);
  return new Ledger(session).exclusive(sourceIdentityKey(inputs), () => linkNow(session, inputs));
}

async function linkNow(session: Session, inputs: LinkInputs): Promise<dynamic.CreateResult> {
  const link = linkOf(inputs);
  const redacted = inputs.redactInId ?? [];
  const id = encodeLinkId(link, redacted);
  const d = link.destinationUser;
  const destinationName = usernamesOf(d.providerName, d.providerAttributeValue);

  let callError: unknown;
  try {
    await session.link(link.userPoolId, d, link.sourceUser);
  } catch (e) {
    callError = e;
  }
  destinationName.forEach((u) => session.changed(link.userPoolId, u));

  // Read back, after success and after failure alike: the call is not idempotent and can fail yet link
  // (docs/cognito.md L6, L13), so the destination's identities decide. An existing link here is adopted: our
  // substitute for `pulumi import`, which dynamic resources cannot do (pulumi/pulumi#16175).
  // A failed read-back decides nothing: a link Cognito accepted is reported made (with the time of now), a
  // link Cognito refused is reported with Cognito's error.
  let readError: unknown;
  const view = await readDestination(session, link, 0).catch((e: unknown) => {
    readError = e;
    return undefined;
  });
  if (view?.entry) return { id, outs: outputsOf(link, redacted, view.entry) };
  if (callError === undefined) return { id, outs: outputsOf(link, redacted, undefined) };
  const info = awsErrorInfo(callError);
  // Except "already linked", which names no user: after an answer lost on the way and a retry (docs/cognito.md L13) it is
  // this very link, which only the read-back can tell. Unread, it is not "another user's": report the read.
  if (readError !== undefined && classify(info) === "alreadyLinked") {
    throw cognitoFailure(awsErrorInfo(readError), { operation: "AdminGetUser", link, redacted });
  }
  let signedInAs: string | undefined;
  if (classify(info) === "alreadySignedIn") {
    const s = link.sourceUser;
    signedInAs = (
      await findSignedInUser(session, link.userPoolId, s.providerName, s.providerAttributeValue, 0).catch(
        () => undefined,
      )
    )?.username;
  }
  throw cognitoFailure(info, { operation: "AdminLinkProviderForUser", link, redacted, signedInAs });
}

export async function readLink(
  id: string,
  props: unknown,
  apiFactory?: ApiFactory,
): Promise<dynamic.ReadResult> {
  const stored = linkFromState(id, props);
  const { link, redactInId } = stored;
  const session = sessionFor(link.userPoolId, apiFactory);
  let view;
  try {
    // Shared with the other links of the user read in the last moments: refresh reads each user once.
    view = await readDestination(session, link, Date.now() - SHARE_WINDOW_MS);
  } catch (e) {
    if (isIdentitiesFormatError(e)) {
      throw linkError(
        refreshUnreadable(link, redactInId, redactText(e.message, link, redactInId)),
        "invalidState",
      );
    }
    const info = awsErrorInfo(e);
    // A pool that no longer exists takes its users and links with it: the resource is gone.
    if (classify(info) === "poolNotFound") return { id: "", props: {} };
    throw cognitoFailure(info, { operation: "AdminGetUser", link, redacted: redactInId });
  }
  if (!view?.entry) return { id: "", props: {} };
  const outs = outputsOf(link, redactInId, view.entry, stored.providerType);
  // No `inputs`: a link that still exists is exactly the declared one, so the stored inputs (with the
  // resource class's hints) stay as they are and refresh shows no change.
  return { id: idForLink(id, link, redactInId), props: outs };
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

export async function deleteLink(id: string, props: unknown, apiFactory?: ApiFactory): Promise<void> {
  const { link, redactInId } = linkFromState(id, props);
  const session = sessionFor(link.userPoolId, apiFactory);
  return new Ledger(session).exclusive(sourceIdentityKey(link), () => unlinkNow(session, link, redactInId));
}

async function unlinkNow(session: Session, link: Link, redactInId: RedactableField[]): Promise<void> {
  // Another resource of this deployment holds this very link (a rename, a move, a swap, a duplicate): the
  // resource leaves the state, the link stays. No Cognito call is needed to know that.
  if (await declaredElsewhere(session, link)) return;
  const d = link.destinationUser;
  const changed = () =>
    usernamesOf(d.providerName, d.providerAttributeValue).forEach((u) => session.changed(link.userPoolId, u));
  // Check first: the disable call names only the source identity and would remove its link wherever it is
  // now, even from a user this resource no longer manages.
  const entry = await currentEntry(session, link, redactInId);
  if (!entry) return;
  // The identity as it was linked; once a SAML/OIDC identity linked by another claim has signed in, Cognito
  // knows it by `Cognito_Subject` only (docs/cognito.md §2), so that is the second try.
  const attempts = [link.sourceUser];
  if (link.sourceUser.providerAttributeName !== COGNITO_SUBJECT) {
    attempts.push({
      ...link.sourceUser,
      providerAttributeName: COGNITO_SUBJECT,
      providerAttributeValue: entry.userId,
    });
  }
  let refused: AwsErrorInfo | undefined;
  for (const source of attempts) {
    try {
      await session.disable(link.userPoolId, source);
      changed();
      return;
    } catch (e) {
      const info = awsErrorInfo(e);
      const kind = classify(info);
      changed();
      if (kind === "userNotFound" || kind === "poolNotFound") return;
      if (kind !== "notLinked") {
        throw cognitoFailure(info, { operation: "AdminDisableProviderForUser", link, redacted: redactInId });
      }
      // "Not linked", yet the destination showed the link: only a fresh read tells whether it is gone.
      if (!(await currentEntry(session, link, redactInId))) return;
      refused = info;
    }
  }
  const shown = refused && { ...refused, message: redactText(refused.message, link, redactInId) };
  throw linkError(unlinkRefused(link, redactInId, shown), "notLinked", shown);
}
