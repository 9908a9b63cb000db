// A pool's attribute schema: the standard attributes, custom ones, and the check of a user's attributes.
import { InvalidParameterException } from "./errors";

export const ATTRIBUTE_DATA_TYPES = ["String", "Number", "DateTime", "Boolean"] as const;
export type AttributeDataType = (typeof ATTRIBUTE_DATA_TYPES)[number];

/** StringAttributeConstraints / NumberAttributeConstraints as the caller gave them: numbers as strings. */
export interface StringConstraints {
  minLength?: string;
  maxLength?: string;
}
export interface NumberConstraints {
  minValue?: string;
  maxValue?: string;
}

export interface SchemaAttributeRecord {
  /** `email`, `custom:tenant`, or `dev:custom:tenant` for a developer-only custom attribute. */
  name: string;
  dataType: AttributeDataType;
  mutable: boolean;
  required: boolean;
  developerOnly: boolean;
  /** Absent in state files from before constraints were kept: then a standard attribute's defaults. */
  stringConstraints?: StringConstraints;
  numberConstraints?: NumberConstraints;
}

/** A `Schema` entry of CreateUserPool, read (and checked against the model) but not yet against Cognito's rules. */
export interface SchemaEntry {
  name: string;
  dataType: AttributeDataType | undefined;
  mutable: boolean | undefined;
  required: boolean | undefined;
  developerOnly: boolean | undefined;
  stringConstraints: StringConstraints | undefined;
  numberConstraints: NumberConstraints | undefined;
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

/** The constraints Cognito reports for a standard attribute (sub 1..2048, birthdate 10..10, updated_at from 0). */
export function standardConstraints(
  name: string,
  dataType: AttributeDataType,
): Pick<SchemaAttributeRecord, "stringConstraints" | "numberConstraints"> {
  if (dataType === "String") {
    const [minLength, maxLength] =
      name === "sub" ? ["1", "2048"] : name === "birthdate" ? ["10", "10"] : ["0", "2048"];
    return { stringConstraints: { minLength, maxLength } };
  }
  return dataType === "Number" ? { numberConstraints: { minValue: "0" } } : {};
}

/** The schema of a new pool: every standard attribute, `sub` immutable and required. */
export function standardSchema(): SchemaAttributeRecord[] {
  return STANDARD.map(([name, dataType]) => ({
    name,
    dataType,
    mutable: name !== "sub",
    required: name === "sub",
    developerOnly: false,
    ...standardConstraints(name, dataType),
  }));
}

const MAX_STRING_LENGTH = 2048;

function limit(text: string | undefined, pattern: RegExp, what: string, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!pattern.test(text))
    throw new InvalidParameterException(`Invalid ${what} for schema attribute ${name}`);
  return Number(text);
}

/** Cognito's checks of a String or Number attribute's constraints; `name` as the schema lists it. */
function checkConstraints(
  name: string,
  dataType: AttributeDataType,
  entry: SchemaEntry,
): Pick<SchemaAttributeRecord, "stringConstraints" | "numberConstraints"> | undefined {
  if (dataType === "String" && entry.stringConstraints !== undefined) {
    const what = "StringAttributeConstraints";
    const min = limit(entry.stringConstraints.minLength, /^\d+$/, what, name);
    const max = limit(entry.stringConstraints.maxLength, /^\d+$/, what, name);
    if ((min ?? 0) > MAX_STRING_LENGTH || (max ?? 0) > MAX_STRING_LENGTH) {
      throw new InvalidParameterException(
        `user.${name}: String attributes cannot have a length of more than ${MAX_STRING_LENGTH}`,
      );
    }
    if (min !== undefined && max !== undefined && min > max) {
      throw new InvalidParameterException(`user.${name}: Max length cannot be less than min length.`);
    }
    return { stringConstraints: { ...entry.stringConstraints } };
  }
  if (dataType === "Number" && entry.numberConstraints !== undefined) {
    const what = "NumberAttributeConstraints";
    const min = limit(entry.numberConstraints.minValue, /^-?\d+$/, what, name);
    const max = limit(entry.numberConstraints.maxValue, /^-?\d+$/, what, name);
    if (min !== undefined && max !== undefined && min > max) {
      throw new InvalidParameterException(`user.${name}: Max value cannot be less than min value.`);
    }
    return { numberConstraints: { ...entry.numberConstraints } };
  }
  return undefined;
}

/**
 * The schema of a new pool from CreateUserPool's `Schema`, with Cognito's rules and texts: a
 * standard attribute keeps its type and is never developer-only, a custom one names its type, is
 * not required, and is listed as `custom:<name>` (`dev:custom:<name>` when developer-only).
 * Constraints are kept as given (only those of the attribute's type); standard attributes keep
 * Cognito's when none are given, custom ones then have none.
 */
export function schemaFrom(entries: readonly SchemaEntry[]): SchemaAttributeRecord[] {
  const schema = standardSchema();
  for (const entry of entries) {
    const { name } = entry;
    const standard = schema.find((attribute) => attribute.name === name && isStandardAttribute(name));
    if (standard !== undefined) {
      if (
        (entry.dataType !== undefined && entry.dataType !== standard.dataType) ||
        entry.developerOnly === true
      ) {
        throw new InvalidParameterException(
          `You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${name}`,
        );
      }
      if (name === "sub") throw new InvalidParameterException(`${name} cannot be modified in the schema.`);
      standard.mutable = entry.mutable ?? standard.mutable;
      standard.required = entry.required ?? standard.required;
      Object.assign(standard, checkConstraints(name, standard.dataType, entry));
      continue;
    }
    if (entry.dataType === undefined) {
      throw new InvalidParameterException(
        "Invalid AttributeDataType input, consider using the provided AttributeDataType enum.",
      );
    }
    if (entry.required === true)
      throw new InvalidParameterException("Required custom attributes are not supported currently.");
    const developerOnly = entry.developerOnly ?? false;
    const fullName = `${developerOnly ? "dev:" : ""}custom:${name}`;
    if (schema.some((attribute) => attribute.name.replace(/^dev:/, "") === `custom:${name}`)) {
      throw new InvalidParameterException(`Duplicate attribute names in schema: ${name}`);
    }
    schema.push({
      name: fullName,
      dataType: entry.dataType,
      mutable: entry.mutable ?? true,
      required: false,
      developerOnly,
      ...checkConstraints(fullName, entry.dataType, entry),
    });
  }
  return schema;
}

/** Attributes a caller may never write: Cognito sets them (docs/cognito.md §4: `identities` "cannot be written"). */
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
