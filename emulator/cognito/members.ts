// Request members many operations share (UserPoolId, Username, ProviderUserIdentifierType), read and checked.
import { USER_POOL_ID_PATTERN } from "./ids";
import { type RequestReader } from "../jsonReader";

/** `[\p{L}\p{M}\p{S}\p{N}\p{P}]+` of the model: no whitespace or control characters. */
const USERNAME_PATTERN = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

export function readUserPoolId(reader: RequestReader, name = "UserPoolId"): string {
  const value = reader.requiredString(name);
  reader.checkLength(name, value, 1, 55);
  reader.checkPattern(name, value, USER_POOL_ID_PATTERN);
  return value;
}

export function readUsername(reader: RequestReader, name = "Username"): string {
  const value = reader.requiredString(name);
  reader.checkLength(name, value, 1, 128);
  reader.checkPattern(name, value, USERNAME_PATTERN);
  return value;
}

/** A ProviderUserIdentifierType (docs/cognito.md §2), with the members a link needs made required. */
export interface ProviderUser {
  providerName: string;
  attributeName: string | undefined;
  attributeValue: string;
}

export function readProviderUser(reader: RequestReader, name: string): ProviderUser {
  const struct = reader.requiredStruct(name);
  const providerName = struct.requiredString("ProviderName");
  struct.checkLength("ProviderName", providerName, 1, 32);
  const attributeName = struct.optionalString("ProviderAttributeName");
  const attributeValue = struct.requiredString("ProviderAttributeValue");
  // The model puts no length on it, but Cognito refuses an empty value in its validation layer.
  struct.checkLength("ProviderAttributeValue", attributeValue, 1, Infinity);
  return { providerName, attributeName, attributeValue };
}
