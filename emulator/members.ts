// Request members many operations share (UserPoolId, Username, ProviderUserIdentifierType), read and checked.
import { USER_POOL_ID_PATTERN } from "./ids";
import { checkLength, checkPattern, type RequestReader } from "./request";

/** `[\p{L}\p{M}\p{S}\p{N}\p{P}]+` of the model: no whitespace or control characters. */
const USERNAME_PATTERN = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

export function readUserPoolId(reader: RequestReader, name = "UserPoolId"): string {
  const value = reader.requiredString(name);
  checkLength(reader.path(name), value, 1, 55);
  checkPattern(reader.path(name), value, USER_POOL_ID_PATTERN);
  return value;
}

export function readUsername(reader: RequestReader, name = "Username"): string {
  const value = reader.requiredString(name);
  checkLength(reader.path(name), value, 1, 128);
  checkPattern(reader.path(name), value, USERNAME_PATTERN);
  return value;
}

/** A ProviderUserIdentifierType (spec §2), with the members a link needs made required. */
export interface ProviderUser {
  providerName: string;
  attributeName: string | undefined;
  attributeValue: string;
}

export function readProviderUser(reader: RequestReader, name: string): ProviderUser {
  const struct = reader.requiredStruct(name);
  const providerName = struct.requiredString("ProviderName");
  checkLength(struct.path("ProviderName"), providerName, 1, 32);
  const attributeName = struct.optionalString("ProviderAttributeName");
  const attributeValue = struct.requiredString("ProviderAttributeValue");
  return { providerName, attributeName, attributeValue };
}
