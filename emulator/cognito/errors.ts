// The errors the emulator answers with: one class per Cognito error name, plus the emulator's own.

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

export class InvalidParameterException extends CognitoError {
  readonly name = "InvalidParameterException";
}
export class ResourceNotFoundException extends CognitoError {
  readonly name = "ResourceNotFoundException";
}
export class UserNotFoundException extends CognitoError {
  readonly name = "UserNotFoundException";
  constructor(message = "User does not exist.") {
    super(message);
  }
}
export class UsernameExistsException extends CognitoError {
  readonly name = "UsernameExistsException";
}
export class DuplicateProviderException extends CognitoError {
  readonly name = "DuplicateProviderException";
}
export class LimitExceededException extends CognitoError {
  readonly name = "LimitExceededException";
}
export class InvalidPasswordException extends CognitoError {
  readonly name = "InvalidPasswordException";
}
export class NotAuthorizedException extends CognitoError {
  readonly name = "NotAuthorizedException";
}
export class TooManyRequestsException extends CognitoError {
  readonly name = "TooManyRequestsException";
  constructor(message = "Rate exceeded") {
    super(message);
  }
}
export class InternalErrorException extends CognitoError {
  readonly name = "InternalErrorException";
  override readonly status = 500;
}

/** Errors of the AWS front door, shared by every awsJson service (not in Cognito's model). */
export class SerializationException extends ServiceError {
  readonly name = "SerializationException";
}
export class UnknownOperationException extends ServiceError {
  readonly name = "UnknownOperationException";
}
export class MissingAuthenticationTokenException extends ServiceError {
  readonly name = "MissingAuthenticationTokenException";
  constructor(message = "Request is missing Authentication Token") {
    super(message);
  }
}
export class IncompleteSignatureException extends ServiceError {
  readonly name = "IncompleteSignatureException";
}
export class InvalidSignatureException extends ServiceError {
  readonly name = "InvalidSignatureException";
}

/**
 * A real Cognito operation the emulator does not implement. HTTP 501 and a name no AWS service
 * uses, so that no client can take it for a Cognito answer.
 */
export class EmulatorUnsupportedOperation extends ServiceError {
  readonly name = "EmulatorUnsupportedOperation";
  override readonly status = 501;
  constructor(operation: string) {
    super(`The Cognito emulator does not implement ${operation}`);
  }
}

/** A path of the emulator's own HTTP surface that does not exist. */
export class EmulatorNotFound extends ServiceError {
  readonly name = "EmulatorNotFound";
  override readonly status = 404;
}

/** A problem with the emulator's configuration, state file or seed: start-up stops with this message. */
export class EmulatorConfigError extends Error {
  override readonly name = "EmulatorConfigError";
}
