// Preflight: Cognito-side checks of a new or changed link during check, so preview reports them before merge.
import { awsErrorInfo, classify, ErrorKind } from "./errors";
import { isIdentitiesFormatError, linkedCount } from "./identities";
import { COGNITO_SUBJECT, LinkInputs, MAX_IDENTITIES_PER_USER, RedactableField } from "./inputs";
import { destinationKey, identityKey } from "./keys";
import { Ledger } from "./ledger";
import {
  alreadySignedIn,
  describeDestination,
  describeIdentity,
  describeUsername,
  identityLimitAhead,
  notAUsername,
  poolNotFound,
  preflightSkipped,
  providerNotFound,
  redactText,
  userNotFound,
} from "./messages";
import { Session, SHARE_WINDOW_MS } from "./session";
import { DestinationView, findSignedInUser, readDestination } from "./users";
import { Failure, failureProperty } from "./validate";

/**
 * At most six reads: DescribeUserPool and DescribeIdentityProvider (cached per process), AdminGetUser of the
 * destination (shared between links of the same user) and of the identity's own federated user under each
 * spelling Cognito may give it (users.ts usernamesOf: two for numeric subjects, three at most; one in a
 * case-insensitive pool, where the spellings name one user). "No such user" answers are shared like reads. It reports
 * only what is certain: a read it may not make, or any error other than "not found", skips the rest, and
 * existence of the destination and provider is not judged while a resource the link depends on is still to
 * be created (the resource class then sends `dependenciesReady` unknown, or false behind a component).
 */
export async function preflight(
  session: Session,
  inputs: LinkInputs,
  replaced?: LinkInputs,
): Promise<Failure[]> {
  const c = underCheck(session, inputs);
  const failures: Failure[] = [];
  try {
    const pool = await checkPool(c);
    if ("failure" in pool) return [pool.failure];
    if (replaced) noteLeaving(c, replaced, pool.caseSensitive);
    failures.push(...(await checkProvider(c)));
    const { view, failures: destination } = await checkDestination(c);
    failures.push(...destination);
    if (view && !view.entry) failures.push(...roomForOneMore(c, view, pool.caseSensitive));
    if (!view?.entry) failures.push(...(await checkSignedIn(c, pool.caseSensitive)));
  } catch (e) {
    // Preflight is advice: a read it could not make (permissions, throttling) must not block the preview.
    const info = awsErrorInfo(e);
    console.error(
      preflightSkipped(c.identity, c.dest, c.pool, {
        name: info.name,
        message: redactText(info.message, inputs, c.redacted),
      }),
    );
  }
  return failures;
}

/** What every check of one link uses: the link, how messages name it, and whether existence is judged. */
interface LinkUnderCheck {
  session: Session;
  ledger: Ledger;
  inputs: LinkInputs;
  redacted: RedactableField[];
  pool: string;
  identity: string;
  dest: string;
  /** False while a resource the link depends on is still to be created: its absence proves nothing yet. */
  judgeExistence: boolean;
}

function underCheck(session: Session, inputs: LinkInputs): LinkUnderCheck {
  const redacted = inputs.redactInId ?? [];
  return {
    session,
    ledger: new Ledger(session),
    inputs,
    redacted,
    pool: inputs.userPoolId,
    identity: describeIdentity(inputs, redacted),
    dest: describeDestination(inputs, redacted),
    judgeExistence: inputs.dependenciesReady !== false,
  };
}

/** Rethrows `e` unless it is the "not found" of `kind` (a missing pool also hides the provider). */
function rethrowUnlessNotFound(e: unknown, kind: ErrorKind): void {
  const k = classify(awsErrorInfo(e));
  if (k !== kind && !(kind === "providerNotFound" && k === "poolNotFound")) throw e;
}

/** The pool exists (and whether its usernames are case-sensitive), or the one failure that ends preflight. */
async function checkPool(c: LinkUnderCheck): Promise<{ caseSensitive: boolean } | { failure: Failure }> {
  try {
    return await c.session.describeUserPool(c.pool);
  } catch (e) {
    rethrowUnlessNotFound(e, "poolNotFound");
    return { failure: { property: "userPoolId", reason: poolNotFound(c.pool) } };
  }
}

/**
 * Every change replaces the link, unlinking the old identity first: on a user with 5 links, a new subject must
 * not count as a sixth. The engine checks the replacement again without olds, so the process keeps it. Not when
 * the old resource has retainOnDelete: the engine skips the delete half of the replacement (it reads the option
 * from the old state) and the old identity stays.
 */
function noteLeaving(c: LinkUnderCheck, replaced: LinkInputs, caseSensitive: boolean): void {
  if (replaced.retainOnDelete) return;
  const s = replaced.sourceUser;
  c.ledger
    .leaving(destinationKey(replaced, caseSensitive))
    .add(identityKey(s.providerName, s.providerAttributeValue));
}

async function checkProvider(c: LinkUnderCheck): Promise<Failure[]> {
  const name = c.inputs.sourceUser.providerName;
  try {
    await c.session.describeIdentityProvider(c.pool, name);
    return [];
  } catch (e) {
    rethrowUnlessNotFound(e, "providerNotFound");
    if (!c.judgeExistence) return [];
    return [{ property: "sourceUser.providerName", reason: providerNotFound(name, c.pool) }];
  }
}

/**
 * Reads the destination; a failure when it is missing, or when its name reaches another user by alias or sub
 * (docs/cognito.md R6; AdminLinkProviderForUser takes usernames only). `view` is null when its `identities`
 * cannot be read: Cognito's data, not the user's input, so create decides.
 */
async function checkDestination(
  c: LinkUnderCheck,
): Promise<{ view: DestinationView | null | undefined; failures: Failure[] }> {
  let other: string | undefined;
  const view = await readDestination(c.session, c.inputs, Date.now() - SHARE_WINDOW_MS, (user) => {
    other ??= user.username;
  }).catch((e) => {
    if (isIdentitiesFormatError(e)) return null;
    throw e;
  });
  if (view !== undefined || !c.judgeExistence) return { view, failures: [] };
  const property = "destinationUser.providerAttributeValue";
  if (other === undefined) return { view, failures: [{ property, reason: userNotFound(c.dest, c.pool) }] };
  const secret = c.redacted.includes("destinationUser");
  const named = secret ? undefined : { asked: c.inputs.destinationUser.providerAttributeValue, other };
  return { view, failures: [{ property, reason: notAUsername(c.pool, named) }] };
}

/**
 * Whether the destination has room for this identity under Cognito's maximum: its links, less those that
 * replacements unlink first (noteLeaving), plus those other links of this update plan for it. When it has,
 * the identity is noted as planned for the checks that follow.
 */
function roomForOneMore(c: LinkUnderCheck, view: DestinationView, caseSensitive: boolean): Failure[] {
  const source = c.inputs.sourceUser;
  const planned = c.ledger.planned(destinationKey(c.inputs, caseSensitive));
  const leaving = c.ledger.leaving(destinationKey(c.inputs, caseSensitive));
  const key = identityKey(source.providerName, source.providerAttributeValue);
  // A replaced link's old identity is unlinked before its replacement is linked (deleteBeforeReplace).
  const existing = linkedCount(
    view.identities.filter((i) => !leaving.has(identityKey(i.providerName, i.userId))),
  );
  const others = [...planned].filter(
    (k) => k !== key && !view.identities.some((i) => identityKey(i.providerName, i.userId) === k),
  );
  if (existing + others.length + 1 <= MAX_IDENTITIES_PER_USER) {
    planned.add(key);
    return [];
  }
  return [
    {
      property: failureProperty("destinationUser", c.redacted),
      reason: identityLimitAhead(c.dest, c.pool, c.identity, existing, others.length),
    },
  ];
}

/** Whether the identity already signed in as a user of its own (docs/cognito.md L5), which Cognito cannot merge. */
async function checkSignedIn(c: LinkUnderCheck, caseSensitive: boolean): Promise<Failure[]> {
  const source = c.inputs.sourceUser;
  if (source.providerAttributeName !== COGNITO_SUBJECT) return [];
  const own = await findSignedInUser(
    c.session,
    c.pool,
    source.providerName,
    source.providerAttributeValue,
    Date.now() - SHARE_WINDOW_MS,
    caseSensitive,
  );
  if (!own) return [];
  return [
    {
      property: "sourceUser.providerAttributeValue",
      reason: alreadySignedIn(c.identity, c.pool, describeUsername(own.username, c.inputs, c.redacted)),
    },
  ];
}
