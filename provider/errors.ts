// Where Cognito's errors become ours: classification by AWS error name and messages that stand alone.
import { COGNITO_PROVIDER, Link, RedactableField } from "./inputs";

/** The parts of an AWS SDK error we rely on (identified by its literal `name`, not by class). */
export interface AwsErrorInfo {
  name: string;
  message: string;
  requestId?: string;
  httpStatus?: number;
}

export function awsErrorInfo(err: unknown): AwsErrorInfo {
  if (typeof err === "object" && err !== null) {
    const e = err as { name?: unknown; message?: unknown; code?: unknown; $metadata?: unknown };
    const meta = (typeof e.$metadata === "object" && e.$metadata !== null ? e.$metadata : {}) as {
      requestId?: unknown;
      httpStatusCode?: unknown;
    };
    const name =
      typeof e.name === "string" && e.name !== "Error"
        ? e.name
        : typeof e.code === "string"
          ? e.code
          : "Error";
    return {
      name,
      message: typeof e.message === "string" ? e.message : String(err),
      requestId: typeof meta.requestId === "string" ? meta.requestId : undefined,
      httpStatus: typeof meta.httpStatusCode === "number" ? meta.httpStatusCode : undefined,
    };
  }
  return { name: "Error", message: String(err) };
}

export type ErrorKind =
  | "poolNotFound"
  | "userNotFound"
  | "alreadyLinked"
  | "alreadySignedIn"
  | "notLinked"
  | "limitExceeded"
  | "providerNotFound"
  | "invalidParameter"
  | "denied"
  | "noCredentials"
  | "throttled"
  | "transient"
  | "other";

const NETWORK_CODES =
  /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|TimeoutError|RequestTimeout)/;

export function classify(err: AwsErrorInfo): ErrorKind {
  switch (err.name) {
    case "ResourceNotFoundException":
      return /identity provider|provider .* does not exist/i.test(err.message)
        ? "providerNotFound"
        : "poolNotFound";
    case "UserNotFoundException":
      return "userNotFound";
    case "LimitExceededException":
      return "limitExceeded";
    case "NotAuthorizedException":
    case "AccessDeniedException":
    case "UnrecognizedClientException":
    case "InvalidSignatureException":
    case "ExpiredTokenException":
      return "denied";
    case "CredentialsProviderError":
      return "noCredentials";
    case "TooManyRequestsException":
    case "ThrottlingException":
      return "throttled";
    case "InternalErrorException":
      return "transient";
    case "InvalidParameterException":
      if (/Merging is not currently supported/i.test(err.message)) return "alreadySignedIn";
      if (/already linked/i.test(err.message)) return "alreadyLinked";
      if (/isn't linked|is not linked|not linked to anyone/i.test(err.message)) return "notLinked";
      if (/provider/i.test(err.message) && /does not exist|not found|no such/i.test(err.message))
        return "providerNotFound";
      return "invalidParameter";
    default:
      if (/credential|web identity token/i.test(err.message) && !/^[A-Z]\w+Exception$/.test(err.name))
        return "noCredentials";
      if (NETWORK_CODES.test(err.name) || (err.httpStatus !== undefined && err.httpStatus >= 500))
        return "transient";
      return "other";
  }
}

export const REDACTED = "<secret>";

/** `Google/1098765`, or `SAML-Corp/email=alice@example.com` when the attribute is not the subject. */
export function describeIdentity(link: Link, redacted: readonly RedactableField[] = []): string {
  const s = link.sourceUser;
  const value = redacted.includes("sourceUser") ? REDACTED : s.providerAttributeValue;
  return s.providerAttributeName === "Cognito_Subject"
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

export type UserProviderLinkErrorKind = ErrorKind | "invalidInput" | "invalidState";

/** One family for every failure the provider reports; its message names operation, pool, user, identity, cause and remedy. */
export interface UserProviderLinkError extends Error {
  name: "UserProviderLinkError";
  kind: UserProviderLinkErrorKind;
  aws?: AwsErrorInfo;
}

/**
 * A native `Error` with the given name. The provider's errors are made here, never as instances of classes of
 * ours: the closure serializer rebuilds a class as a plain function whose instances are not Errors (no message,
 * no stack, `[object Object]` in the host's log), while the global `Error` is left as it is.
 */
export function namedError<N extends string>(name: N, message: string): Error & { name: N } {
  const e = new Error(message) as Error & { name: N };
  e.name = name;
  return e;
}

/** Recognizes an error by its literal name (never `instanceof`, see namedError). */
export function hasName(e: unknown, name: string): e is Error {
  return typeof e === "object" && e !== null && (e as { name?: unknown }).name === name;
}

export function linkError(
  message: string,
  kind: UserProviderLinkErrorKind,
  aws?: AwsErrorInfo,
): UserProviderLinkError {
  const e = namedError("UserProviderLinkError", message) as UserProviderLinkError;
  e.kind = kind;
  if (aws) e.aws = aws;
  return e;
}

export function isUserProviderLinkError(e: unknown): e is UserProviderLinkError {
  return hasName(e, "UserProviderLinkError");
}

export interface FailureContext {
  operation: "AdminLinkProviderForUser" | "AdminDisableProviderForUser" | "AdminGetUser";
  link: Link;
  redacted?: readonly RedactableField[];
  /** The federated user an identity has already become, when one was found (L5). */
  signedInAs?: string;
  /** Cognito's message, so the remedy does not repeat it. */
  awsMessage?: string;
}

function remedy(kind: ErrorKind, ctx: FailureContext): string {
  const identity = describeIdentity(ctx.link, ctx.redacted);
  const dest = describeDestination(ctx.link, ctx.redacted);
  const pool = ctx.link.userPoolId;
  switch (kind) {
    case "poolNotFound":
      return `user pool ${pool} does not exist in ${pool.split("_")[0]} for these credentials; check userPoolId, the account, and the region`;
    case "userNotFound":
      return `${dest} does not exist in user pool ${pool}; create the user first (or wire destinationUser from an aws.cognito.User so the link waits for it)`;
    case "alreadyLinked":
      return `identity ${identity} is already linked to another user of pool ${pool}; unlink it there (AdminDisableProviderForUser) or link another subject`;
    case "alreadySignedIn":
      return (
        `identity ${identity} has already signed in` +
        (ctx.signedInAs
          ? ` as user ${describeUsername(ctx.signedInAs, ctx.link, ctx.redacted)}`
          : " on its own") +
        `, and Cognito cannot merge users; delete ${ctx.signedInAs ? "that user" : "its federated user"} or link another subject`
      );
    case "limitExceeded":
      // Cognito's own message says why (the maximum of 5): say it only when Cognito did not.
      return /maximum|\b5\b/i.test(ctx.awsMessage ?? "")
        ? `remove a link from ${dest} or link to another user`
        : `${dest} already has 5 linked identities, the Cognito maximum; remove a link from that user or link to another user`;
    case "providerNotFound":
      return `identity provider ${ctx.link.sourceUser.providerName} does not exist in user pool ${pool}; add it to the pool or fix sourceUser.providerName`;
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

const VERB: Record<FailureContext["operation"], string> = {
  AdminLinkProviderForUser: "link",
  AdminDisableProviderForUser: "unlink",
  AdminGetUser: "read the links of",
};

/** Builds the error for a failed Cognito call, with what failed, where, the AWS error and what to do. */
export function cognitoFailure(err: AwsErrorInfo, ctx: FailureContext): UserProviderLinkError {
  const kind = classify(err);
  const identity = describeIdentity(ctx.link, ctx.redacted);
  const dest = describeDestination(ctx.link, ctx.redacted);
  const what =
    ctx.operation === "AdminGetUser"
      ? `cannot read the links of ${dest} in user pool ${ctx.link.userPoolId}`
      : `cannot ${VERB[ctx.operation]} identity ${identity} ${ctx.operation === "AdminLinkProviderForUser" ? "to" : "from"} ${dest} in user pool ${ctx.link.userPoolId}`;
  const request = err.requestId ? `, request id ${err.requestId}` : "";
  const aws = { ...err, message: redactText(err.message, ctx.link, ctx.redacted) };
  return linkError(
    `${what}: ${ctx.operation} failed with ${err.name}${request}: ${aws.message.replace(/\.\s*$/, "")}. ${capitalize(remedy(kind, { ...ctx, awsMessage: aws.message }))}.`,
    kind,
    aws,
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
