// The provider's wording, in one place: how a link is named in messages, failure reasons and remedies.
//
// Made here: every text a user reads about a link or its state, so one situation is described, and its remedy
// given, in one way wherever it is met: preflight's findings and its notice when it skips, the sentence and
// remedy of a failed Cognito call (errors.ts), create, read and delete's own refusals (lifecycle.ts, delete.ts,
// cognito.ts), state the provider cannot use (state.ts), and the resource class's refusals of its arguments
// (resource.ts).
//
// Not made here, on purpose:
// - validate.ts's per-field reasons ("must be ..."): each states the allowed form of one input and sits beside
//   the rule it describes, so rule and wording change together (COGNITO_AS_SOURCE is here: it explains a
//   danger and names a remedy, as the texts here do);
// - seeded/'s messages about SeededUserLinks' arguments, entries and links files: program-side code, never
//   serialized, that words the component's own inputs (seeded/entries.ts ENTRY_FORM gives their form once);
// - the details of id.ts's and identities.ts's format errors (what is malformed in an id or an `identities`
//   attribute): their parsers word them, and the texts here quote them (`detail`, `idError`);
// - config.ts's refusal of a malformed COGNITO_LINK_RATE_LIMITS: the host's configuration, not a link, worded
//   where it is parsed.
//
// No text here may hold a value the program marked secret: callers pass the redacted fields.
import type { AwsErrorInfo, ErrorKind, FailureContext } from "./errors";
import { COGNITO_PROVIDER, COGNITO_SUBJECT, Link, MAX_IDENTITIES_PER_USER, RedactableField } from "./inputs";

export const REDACTED = "<secret>";

/** `Google/1098765`, or `SAML-Corp/email=alice@example.com` when the attribute is not the subject. */
export function describeIdentity(link: Link, redacted: readonly RedactableField[] = []): string {
  const s = link.sourceUser;
  const value = redacted.includes("sourceUser") ? REDACTED : s.providerAttributeValue;
  return s.providerAttributeName === COGNITO_SUBJECT
    ? `${s.providerName}/${value}`
    : `${s.providerName}/${s.providerAttributeName}=${value}`;
}

export function describeDestination(link: Link, redacted: readonly RedactableField[] = []): string {
  const d = link.destinationUser;
  const value = redacted.includes("destinationUser") ? REDACTED : d.providerAttributeValue;
  return d.providerName === COGNITO_PROVIDER ? `user ${value}` : `${d.providerName} user ${value}`;
}

/**
 * A user's username for messages: a federated user's is `<provider>_<subject>` (docs/cognito.md R3), so when the subject
 * is secret only the provider part is shown (`google_<secret>`).
 */
export function describeUsername(
  username: string,
  link: Link,
  redacted: readonly RedactableField[] = [],
): string {
  if (!redacted.includes("sourceUser")) return username;
  return `${username.slice(0, link.sourceUser.providerName.length + 1)}${REDACTED}`;
}

/**
 * A text from Cognito (an error message, an attribute's value) with every secret value of the link replaced,
 * whatever its case: Cognito's messages may quote a username (`User <name> already has ...`) or a subject.
 */
export function redactText(text: string, link: Link, redacted: readonly RedactableField[] = []): string {
  const values = [
    redacted.includes("destinationUser") ? link.destinationUser.providerAttributeValue : "",
    redacted.includes("sourceUser") ? link.sourceUser.providerAttributeValue : "",
  ].filter((v) => v !== "");
  return values.reduce(
    (t, v) => t.replace(new RegExp(v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), REDACTED),
    text,
  );
}

/** The identity providers a source may name, for messages: every kind but Cognito's own. */
const EXTERNAL_PROVIDERS = "Google, Facebook, LoginWithAmazon, SignInWithApple, or a SAML/OIDC provider";

/** The pool does not exist (for the credentials in use): from preflight, and from any failed call. */
export function poolNotFound(pool: string): string {
  return (
    `user pool ${pool} does not exist in ${pool.split("_")[0]} for the AWS credentials in use; check the pool id, ` +
    `account and region, or wire userPoolId from the aws.cognito.UserPool so the link waits for it`
  );
}

/** The destination user does not exist: `dest` as {@link describeDestination} gives it. */
export function userNotFound(dest: string, pool: string): string {
  return (
    `${dest} does not exist in user pool ${pool}; create the user first, or wire destinationUser from the ` +
    `aws.cognito.User so the link waits for it`
  );
}

export function providerNotFound(providerName: string, pool: string): string {
  return (
    `identity provider ${providerName} does not exist in user pool ${pool}; add it to the pool ` +
    `(aws.cognito.IdentityProvider) or fix sourceUser.providerName`
  );
}

/** The identity became a user of its own by signing in (docs/cognito.md L5); `username` when it was found. */
export function alreadySignedIn(identity: string, pool: string, username?: string): string {
  return (
    `identity ${identity} has already signed in ${username ? `as user ${username}` : "on its own"} in user pool ` +
    `${pool}, and Cognito cannot merge users; delete ${username ? "that user" : "its federated user"} or link ` +
    `another subject`
  );
}

export function alreadyLinked(identity: string, pool: string): string {
  return (
    `identity ${identity} is already linked to another user of pool ${pool}; unlink it there ` +
    `(AdminDisableProviderForUser) or link another subject`
  );
}

const REMOVE_A_LINK = "remove a link from that user or link to another user";

/** Cognito refused a sixth identity; `awsSaidWhy` when its own message already names the maximum. */
function identityLimitReached(dest: string, awsSaidWhy: boolean): string {
  return awsSaidWhy
    ? `remove a link from ${dest} or link to another user`
    : `${dest} already has ${MAX_IDENTITIES_PER_USER} linked identities, the Cognito maximum; ${REMOVE_A_LINK}`;
}

/** Preflight's count: linking would exceed the maximum (existing links, plus those planned in this update). */
export function identityLimitAhead(
  dest: string,
  pool: string,
  identity: string,
  existing: number,
  planned: number,
): string {
  return (
    `${dest} in user pool ${pool} has ${existing} linked identities` +
    `${planned ? ` and ${planned} more planned in this update` : ""}; linking ${identity} would exceed ` +
    `Cognito's maximum of ${MAX_IDENTITIES_PER_USER}. ${capitalize(REMOVE_A_LINK)}; to exchange one of its ` +
    `identities for this one, remove the old link in one update and add this one in the next (a new link is ` +
    `made before a removed one is unlinked)`
  );
}

/**
 * AdminGetUser found another user by alias or sub (docs/cognito.md R6); AdminLinkProviderForUser takes
 * usernames only. `asked` and `other` are undefined when the destination's value is secret.
 */
export function notAUsername(pool: string, named?: { asked: string; other: string }): string {
  return named
    ? `"${named.asked}" is not a username but an alias or sub of user ${named.other} in user pool ${pool}; ` +
        `Cognito links a user by its username only: use the username "${named.other}"`
    : `is not a username but an alias or sub of another user in user pool ${pool}; Cognito links a user by ` +
        `its username only: use that user's username`;
}

/** A source naming Cognito's native provider, refused by validation (docs/cognito.md D4). */
export const COGNITO_AS_SOURCE =
  `must not be \`${COGNITO_PROVIDER}\`: native users can only be a destinationUser, and unlinking such a ` +
  `source would stop that user's password sign-in; name an external identity provider of the pool ` +
  `(${EXTERNAL_PROVIDERS})`;

/** The remedy that ends a failed call's message (errors.ts cognitoFailure), by the kind of failure. */
function remedyFor(kind: ErrorKind, ctx: FailureContext): string {
  const identity = describeIdentity(ctx.link, ctx.redacted);
  const dest = describeDestination(ctx.link, ctx.redacted);
  const pool = ctx.link.userPoolId;
  switch (kind) {
    case "poolNotFound":
      return poolNotFound(pool);
    case "userNotFound":
      return userNotFound(dest, pool);
    case "alreadyLinked":
      return alreadyLinked(identity, pool);
    case "alreadySignedIn":
      return alreadySignedIn(
        identity,
        pool,
        ctx.signedInAs && describeUsername(ctx.signedInAs, ctx.link, ctx.redacted),
      );
    case "limitExceeded":
      // Cognito's own message says why (the maximum of 5): say it only when Cognito did not.
      return identityLimitReached(dest, /maximum|\b5\b/i.test(ctx.awsMessage ?? ""));
    case "providerNotFound":
      return providerNotFound(ctx.link.sourceUser.providerName, pool);
    case "notLinked":
      return `identity ${identity} is not linked to any user`;
    case "denied":
      return `the AWS credentials in use may not call cognito-idp:${ctx.operation} on pool ${pool}; grant the permissions listed in the README (IAM) or use other credentials`;
    case "noCredentials":
      return `the AWS SDK found no usable credentials in the Pulumi provider's process; set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give the CI job its role (AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE), before running pulumi`;
    case "throttled":
      return `Cognito kept throttling after retries; run again, lower the engine's --parallel, or set COGNITO_LINK_RATE_LIMITS below your quota`;
    case "transient":
      return `Cognito or the network failed after retries; run the update again (a link made meanwhile is adopted, not duplicated)`;
    case "invalidParameter":
    case "other":
      return `check the link's inputs against the pool's identity providers`;
  }
}

/** The remedy when the provider will not send AdminDisableProviderForUser and a person must. */
const UNLINK_BY_HAND =
  "unlink it by hand (aws cognito-idp admin-disable-provider-for-user) and remove the resource with " +
  "`pulumi state delete`";

/** Delete could not read which user holds the identity (a corrupt `identities`), so it sends nothing. */
export function unlinkUnseen(link: Link, redacted: readonly RedactableField[], detail: string): string {
  return (
    `cannot unlink identity ${describeIdentity(link, redacted)} from ${describeDestination(link, redacted)} in ` +
    `user pool ${link.userPoolId}: ${detail}. Refusing to send AdminDisableProviderForUser without seeing which ` +
    `user holds the identity: ${UNLINK_BY_HAND}`
  );
}

/** Cognito answered "not linked" to every spelling of the identity, yet the destination still shows it. */
export function unlinkRefused(
  link: Link,
  redacted: readonly RedactableField[],
  refused: { name?: string; requestId?: string; message: string } | undefined,
): string {
  return (
    `cannot unlink identity ${describeIdentity(link, redacted)} from ${describeDestination(link, redacted)} in ` +
    `user pool ${link.userPoolId}: AdminDisableProviderForUser answered ${refused?.name ?? "an error"}` +
    `${refused?.requestId ? ` (request id ${refused.requestId})` : ""}: ${refused?.message ?? ""}, but the user ` +
    `still shows the link. Unlink it by hand (aws cognito-idp admin-disable-provider-for-user with the identity ` +
    "as Cognito knows it now) and remove the resource with `pulumi state delete`"
  );
}

/** Refresh could not read the destination's links (a corrupt `identities`): the state stays. */
export function refreshUnreadable(link: Link, redacted: readonly RedactableField[], detail: string): string {
  return (
    `cannot refresh the link of ${describeIdentity(link, redacted)} in user pool ${link.userPoolId}: ${detail}; ` +
    `the state is kept unchanged`
  );
}

/** What each call does, for the sentence of a failed call. */
const VERB: Record<FailureContext["operation"], string> = {
  AdminLinkProviderForUser: "link",
  AdminDisableProviderForUser: "unlink",
  AdminGetUser: "read the links of",
};

/**
 * A failed Cognito call in one sentence (errors.ts cognitoFailure): what failed, where, the AWS error and what
 * to do. `aws.message` is already redacted.
 */
export function callFailed(kind: ErrorKind, ctx: FailureContext, aws: AwsErrorInfo): string {
  const identity = describeIdentity(ctx.link, ctx.redacted);
  const dest = describeDestination(ctx.link, ctx.redacted);
  const what =
    ctx.operation === "AdminGetUser"
      ? `cannot read the links of ${dest} in user pool ${ctx.link.userPoolId}`
      : `cannot ${VERB[ctx.operation]} identity ${identity} ${ctx.operation === "AdminLinkProviderForUser" ? "to" : "from"} ${dest} in user pool ${ctx.link.userPoolId}`;
  const request = aws.requestId ? `, request id ${aws.requestId}` : "";
  return `${what}: ${ctx.operation} failed with ${aws.name}${request}: ${aws.message.replace(/\.\s*$/, "")}. ${capitalize(remedyFor(kind, { ...ctx, awsMessage: aws.message }))}.`;
}

/** A pool id naming no region reached create, read or delete (check reports it per field first). */
export function notAPoolId(userPoolId: string): string {
  return `"${userPoolId}" is not a user pool id`;
}

/** Create was called with inputs check refused or did not know (the engine normally stops first). */
export function invalidInputs(failures: readonly { property: string; reason: string }[]): string {
  const detail = failures.map((f) => `${f.property} ${f.reason}`).join("; ") || "inputs are not known";
  return `invalid UserProviderLink inputs: ${detail}`;
}

/** cognito.ts's last line of defence: a call naming the native provider as the identity (docs/cognito.md D4). */
export function nativeProviderRefused(operation: string): string {
  return `refusing to send ${operation} with ProviderName "Cognito": it would act on a native user's password sign-in`;
}

/** Preflight could not make a read (permissions, throttling): it skips, and says so on the host's stderr. */
export function preflightSkipped(
  identity: string,
  dest: string,
  pool: string,
  aws: { name: string; message: string },
): string {
  return (
    `UserProviderLink preflight skipped for ${identity} → ${dest} in ${pool}: ${aws.name}: ${aws.message}. ` +
    `The preview goes on without its checks; to have them, let the credentials preview runs with call ` +
    `cognito-idp:DescribeUserPool, DescribeIdentityProvider and AdminGetUser, or set COGNITO_LINK_PREFLIGHT=off ` +
    `to skip them without this notice`
  );
}

/** State written by a newer release (`version` as stored). */
export function unknownSchemaVersion(id: string, version: string, known: number): string {
  return (
    `resource ${id} was written with state schema version ${version}, which this version of ` +
    `UserProviderLink does not know (it reads 1 to ${known}); upgrade the package in this program`
  );
}

/** Stored state naming Cognito's native provider as the source (docs/cognito.md D4), whatever wrote it. */
export function nativeSourceInState(id: string, pool: string | undefined): string {
  return (
    `resource ${id} names the native provider "Cognito" as its source identity in user pool ${pool}; ` +
    `refusing to unlink it, which would stop that user's password sign-in. Remove the resource from the ` +
    `state with \`pulumi state delete\` instead`
  );
}

/** Stored state lacking what read and delete need; `idError` when the id did not decode either. */
export function unusableState(id: string, idError: string | undefined, missing: readonly string[]): string {
  return (
    `resource ${id} has state this provider cannot use (${idError ? idError + "; " : ""}missing or malformed: ` +
    `${missing.join(", ")}). Run \`pulumi refresh\`, or remove it with \`pulumi state delete\` and let the next ` +
    `update adopt the link`
  );
}

/** The id and the stored outputs name different pools. */
export function poolMismatch(id: string, idPool: string, statePool: string): string {
  return (
    `resource ${id} names user pool ${idPool} in its id but ${statePool} in its state; ` +
    `refusing to act on either. Remove it with \`pulumi state delete\` and let the next update adopt the link`
  );
}

/** The resource class was given `import` (the host cannot read a dynamic resource it never created). */
export function importUnsupported(name: string): string {
  return (
    `UserProviderLink ${name}: the import option does not work for dynamic resources (pulumi/pulumi#16175); ` +
    `remove it and run pulumi up: creating a link that already exists in Cognito adopts it`
  );
}

export function argsRequired(name: string): string {
  return `UserProviderLink ${name}: args are required: { userPoolId, destinationUser, sourceUser }`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
