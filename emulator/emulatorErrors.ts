// The emulator's own errors, not Cognito's (cognito/errors.ts): answers where it is not Cognito, failed start-ups.
import { ServiceError } from "./cognito/errors";

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

/** A path of the emulator's own HTTP surface (/_emulator/*) that does not exist. */
export class EmulatorNotFound extends ServiceError {
  readonly name = "EmulatorNotFound";
  override readonly status = 404;
}

/** A problem with the emulator's configuration, state file or seed: start-up stops with this message. */
export class EmulatorConfigError extends Error {
  override readonly name = "EmulatorConfigError";
}
