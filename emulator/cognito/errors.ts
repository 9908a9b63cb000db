// The errors Cognito answers with: one class per error name, Cognito's own and those of the AWS front door.

/**
 * An error that becomes an awsJson1_1 error answer: `{"__type": name, "message"}` with the
 * `x-amzn-ErrorType` header. The JS SDK picks its exception class from that name (docs/cognito.md §1).
 */
export abstract class ServiceError extends Error {
  abstract override readonly name: string;
  readonly status: number = 400;
}

/** An error name real Cognito uses; subclasses are named after it, exactly. */
export abstract class CognitoError extends ServiceError {}

/** Errors of the AWS front door, shared by every awsJson service (not in Cognito's model). */
export abstract class FrontDoorError extends ServiceError {}

/**
 * The base of the error class named `name`: its instances have that literal `name`, the given HTTP
 * status, and `message` when the caller gives none.
 */
function named<const N extends string>(
  family: abstract new (message?: string) => ServiceError,
  name: N,
  { status = 400, message = "" }: { status?: number; message?: string } = {},
) {
  abstract class Named extends family {
    override readonly name: N = name;
    override readonly status: number = status;
    constructor(text: string = message) {
      super(text);
    }
  }
  return Named;
}

export class InvalidParameterException extends named(CognitoError, "InvalidParameterException") {}
export class ResourceNotFoundException extends named(CognitoError, "ResourceNotFoundException") {}
export class UserNotFoundException extends named(CognitoError, "UserNotFoundException", {
  message: "User does not exist.",
}) {}
export class UsernameExistsException extends named(CognitoError, "UsernameExistsException") {}
export class DuplicateProviderException extends named(CognitoError, "DuplicateProviderException") {}
export class LimitExceededException extends named(CognitoError, "LimitExceededException") {}
export class InvalidPasswordException extends named(CognitoError, "InvalidPasswordException") {}
export class NotAuthorizedException extends named(CognitoError, "NotAuthorizedException") {}
export class TooManyRequestsException extends named(CognitoError, "TooManyRequestsException", {
  message: "Rate exceeded",
}) {}
export class InternalErrorException extends named(CognitoError, "InternalErrorException", { status: 500 }) {}

export class SerializationException extends named(FrontDoorError, "SerializationException") {}
export class UnknownOperationException extends named(FrontDoorError, "UnknownOperationException") {}
export class MissingAuthenticationTokenException extends named(
  FrontDoorError,
  "MissingAuthenticationTokenException",
  { message: "Request is missing Authentication Token" },
) {}
export class IncompleteSignatureException extends named(FrontDoorError, "IncompleteSignatureException") {}
export class InvalidSignatureException extends named(FrontDoorError, "InvalidSignatureException") {}
