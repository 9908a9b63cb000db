// A pool's attribute schema: the standard attributes, custom ones, and the check of a user's attributes.
import { InvalidParameterException } from "./errors";

export const ATTRIBUTE_DATA_TYPES = ["String", "Number", "DateTime", "Boolean"] as const;
export type AttributeDataType = (typeof ATTRIBUTE_DATA_TYPES)[number];

export interface SchemaAttributeRecord {
  name: string;
  dataType: AttributeDataType;
  mutable: boolean;
  required: boolean;
  developerOnly: boolean;
}

const STANDARD: ReadonlyArray<readonly [string, AttributeDataType]> = [
  ["sub", "String"],
  ["name", "String"],
  ["given_name", "String"],
  ["family_name", "String"],
  ["middle_name", "String"],
  ["nickname", "String"],
  ["preferred_username", "String"],
  ["profile", "String"],
  ["picture", "String"],
  ["website", "String"],
  ["email", "String"],
  ["email_verified", "Boolean"],
  ["gender", "String"],
  ["birthdate", "String"],
  ["zoneinfo", "String"],
  ["locale", "String"],
  ["phone_number", "String"],
  ["phone_number_verified", "Boolean"],
  ["address", "String"],
  ["updated_at", "Number"],
];

export function isStandardAttribute(name: string): boolean {
  return STANDARD.some(([standard]) => standard === name);
}

/** The schema of a new pool: every standard attribute, `sub` immutable and required. */
export function standardSchema(): SchemaAttributeRecord[] {
  return STANDARD.map(([name, dataType]) => ({
    name,
    dataType,
    mutable: name !== "sub",
    required: name === "sub",
    developerOnly: false,
  }));
}

/** Attributes a caller may never write: Cognito sets them (spec §4: `identities` "cannot be written"). */
const SERVICE_OWNED = new Set(["sub", "identities"]);

function schemaError(name: string, problem: string): InvalidParameterException {
  return new InvalidParameterException(`Attributes did not conform to the schema: ${name}: ${problem}`);
}

/**
 * Checks attributes given to AdminCreateUser against the pool's schema: each must exist, none may be
 * one Cognito owns, and every required attribute must be present.
 */
export function checkNewUserAttributes(
  schema: readonly SchemaAttributeRecord[],
  attributes: Readonly<Record<string, string>>,
): void {
  for (const name of Object.keys(attributes)) {
    if (SERVICE_OWNED.has(name)) throw schemaError(name, "Attribute cannot be updated.");
    if (!schema.some((attribute) => attribute.name === name)) {
      throw schemaError(name, "Attribute does not exist in the schema.");
    }
  }
  for (const attribute of schema) {
    if (
      attribute.required &&
      !SERVICE_OWNED.has(attribute.name) &&
      attributes[attribute.name] === undefined
    ) {
      throw schemaError(attribute.name, "The attribute is required");
    }
  }
}
