// Narrowing of untrusted request bodies into typed members, with the errors AWS gives for bad ones.
import { InvalidParameterException, SerializationException, validationMessage } from "./errors";

type JsonObject = { readonly [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Reads the members of one structure of a request. A member of the wrong JSON type is a
 * SerializationException (AWS fails to deserialize it); a missing required member is an
 * InvalidParameterException naming the member by its path, e.g. `SourceUser.ProviderName`.
 * JSON `null` counts as absent, as it does for AWS.
 */
export class RequestReader {
  private constructor(
    private readonly fields: JsonObject,
    private readonly prefix: string,
  ) {}

  /** The reader of a whole request body, which must be a JSON object. */
  static of(body: unknown): RequestReader {
    if (!isObject(body)) {
      throw new SerializationException(`Expected a JSON object as the request body, got ${describe(body)}`);
    }
    return new RequestReader(body, "");
  }

  /** The member's path as AWS validation messages show it. */
  path(name: string): string {
    return this.prefix + name;
  }

  private raw(name: string): unknown {
    const value = Object.prototype.hasOwnProperty.call(this.fields, name) ? this.fields[name] : undefined;
    return value === null ? undefined : value;
  }

  private missing(name: string): InvalidParameterException {
    return new InvalidParameterException(validationMessage(null, this.path(name), "Member must not be null"));
  }

  private wrongType(name: string, expected: string, value: unknown): SerializationException {
    return new SerializationException(`Expected ${expected} for ${this.path(name)}, got ${describe(value)}`);
  }

  optionalString(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw this.wrongType(name, "a string", value);
    return value;
  }

  requiredString(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined) throw this.missing(name);
    return value;
  }

  optionalInteger(name: string): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value))
      throw this.wrongType(name, "an integer", value);
    return value;
  }

  requiredInteger(name: string): number {
    const value = this.optionalInteger(name);
    if (value === undefined) throw this.missing(name);
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (typeof value !== "boolean") throw this.wrongType(name, "a boolean", value);
    return value;
  }

  requiredBoolean(name: string): boolean {
    const value = this.optionalBoolean(name);
    if (value === undefined) throw this.missing(name);
    return value;
  }

  optionalStringList(name: string): string[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every((item): item is string => typeof item === "string")) {
      throw this.wrongType(name, "a list of strings", value);
    }
    return value;
  }

  optionalStringMap(name: string): Record<string, string> | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (!isObject(value)) throw this.wrongType(name, "a map of strings", value);
    const map: Record<string, string> = {};
    for (const [key, item] of Object.entries(value)) {
      if (typeof item !== "string") throw this.wrongType(`${name}.${key}`, "a string", item);
      map[key] = item;
    }
    return map;
  }

  requiredStringMap(name: string): Record<string, string> {
    const value = this.optionalStringMap(name);
    if (value === undefined) throw this.missing(name);
    return value;
  }

  optionalStruct(name: string): RequestReader | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (!isObject(value)) throw this.wrongType(name, "a structure", value);
    return new RequestReader(value, `${this.path(name)}.`);
  }

  requiredStruct(name: string): RequestReader {
    const value = this.optionalStruct(name);
    if (value === undefined) throw this.missing(name);
    return value;
  }

  optionalStructList(name: string): RequestReader[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw this.wrongType(name, "a list of structures", value);
    return value.map((item: unknown, index) => {
      const itemPath = `${name}.${index + 1}`;
      if (!isObject(item)) throw this.wrongType(itemPath, "a structure", item);
      return new RequestReader(item, `${this.path(itemPath)}.`);
    });
  }
}

/** Model constraints, checked the way AWS's validation layer does, with its message text. */
export function checkLength(path: string, value: string, min: number, max: number): void {
  // AWS counts Unicode code points, not UTF-16 units.
  const length = [...value].length;
  if (length < min) {
    throw new InvalidParameterException(
      validationMessage(value, path, `Member must have length greater than or equal to ${min}`),
    );
  }
  if (length > max) {
    throw new InvalidParameterException(
      validationMessage(value, path, `Member must have length less than or equal to ${max}`),
    );
  }
}

export function checkPattern(path: string, value: string, pattern: RegExp): void {
  if (!pattern.test(value)) {
    const source = pattern.source.replace(/^\^/, "").replace(/\$$/, "");
    throw new InvalidParameterException(
      validationMessage(value, path, `Member must satisfy regular expression pattern: ${source}`),
    );
  }
}

export function checkRange(path: string, value: number, min: number, max: number): void {
  if (value < min) {
    throw new InvalidParameterException(
      validationMessage(value, path, `Member must have value greater than or equal to ${min}`),
    );
  }
  if (value > max) {
    throw new InvalidParameterException(
      validationMessage(value, path, `Member must have value less than or equal to ${max}`),
    );
  }
}

export function checkEnum<T extends string>(path: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) {
    throw new InvalidParameterException(
      validationMessage(value, path, `Member must satisfy enum value set: [${allowed.join(", ")}]`),
    );
  }
  return found;
}
