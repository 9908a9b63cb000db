// A pool's password policy, its defaults, and the check of a temporary password against it.
import { InvalidPasswordException } from "./errors";

export interface PasswordPolicyRecord {
  minimumLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
  temporaryPasswordValidityDays: number;
}

/** What CreateUserPool gives a pool that names no policy. */
export const DEFAULT_PASSWORD_POLICY: Readonly<PasswordPolicyRecord> = {
  minimumLength: 8,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
  temporaryPasswordValidityDays: 7,
};

/** The special characters Cognito counts as symbols. */
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** Throws InvalidPasswordException with Cognito's text for the first rule the password breaks. */
export function checkPassword(policy: PasswordPolicyRecord, password: string): void {
  const fail = (reason: string): never => {
    throw new InvalidPasswordException(`Password does not conform to policy: ${reason}`);
  };
  if (password.length < policy.minimumLength) fail("Password not long enough");
  if (policy.requireLowercase && !/[a-z]/.test(password)) fail("Password must have lowercase characters");
  if (policy.requireUppercase && !/[A-Z]/.test(password)) fail("Password must have uppercase characters");
  if (policy.requireNumbers && !/[0-9]/.test(password)) fail("Password must have numeric characters");
  if (policy.requireSymbols && !SYMBOLS.test(password)) fail("Password must have symbol characters");
}
