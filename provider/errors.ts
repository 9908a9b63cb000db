// Where Cognito's errors become ours: classification by AWS error name and messages that stand alone.
import { Link, RedactableField } from "./inputs";
import { callFailed, redactText } from "./messages";

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

/** Builds the error for a failed Cognito call, with what failed, where, the AWS error and what to do. */
export function cognitoFailure(err: AwsErrorInfo, ctx: FailureContext): UserProviderLinkError {
  const kind = classify(err);
  const aws = { ...err, message: redactText(err.message, ctx.link, ctx.redacted) };
  return linkError(callFailed(kind, ctx, aws), kind, aws);
}
