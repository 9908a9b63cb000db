// Narrowing of untrusted request bodies into typed members, with the errors AWS gives for bad ones.
import { InvalidParameterException, SerializationException } from "./cognito/errors";

type JsonObject = { readonly [key: string]: unknown };

/** The broken constraints of one request, shared by the readers of its structures. */
interface Violations {
  texts: string[];
  /** Paths of required members found missing: their placeholder values are not checked further. */
  missing: Set<string>;
}

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
 * SerializationException (AWS fails to deserialize it, and stops there). Model constraints (a
 * missing required member, a length, a pattern, a range, an enum) are collected instead, as AWS's
 * validation layer does, and `validate()` throws them all at once:
 * `2 validation errors detected: Value null at 'UserPoolId' ...; Value null at 'Username' ...`.
 * Until `validate()` returned, the values read are not to be trusted (a missing required string
 * reads as ""). JSON `null` counts as absent, as it does for AWS.
 */
export class RequestReader {
  private constructor(
    private readonly fields: JsonObject,
    private readonly prefix: string,
    private readonly violations: Violations,
    /** A reader of a missing structure: its own members are not reported again. */
    private readonly absent = false,
  ) {}

  /** The reader of a whole request body, which must be a JSON object. */
  static of(body: unknown): RequestReader {
    if (!isObject(body)) {
      throw new SerializationException(`Expected a JSON object as the request body, got ${describe(body)}`);
    }
    return new RequestReader(body, "", { texts: [], missing: new Set() });
  }

  /** The member's path as AWS validation messages show it. */
  path(name: string): string {
    return this.prefix + name;
  }

  /** Throws every model constraint broken so far, in one InvalidParameterException; a no-op when none. */
  validate(): void {
    if (this.violations.texts.length === 0) return;
    throw new InvalidParameterException(validationErrors(this.violations.texts));
  }

  /** Records a broken model constraint of member `name` holding `value`. */
  violation(name: string, value: unknown, constraint: string): void {
    // A missing member (or one inside a missing structure) is reported once, as null.
    if (this.absent || this.violations.missing.has(this.path(name))) return;
    this.violations.texts.push(violationText(value, this.path(name), constraint));
  }

  private raw(name: string): unknown {
    const value = Object.prototype.hasOwnProperty.call(this.fields, name) ? this.fields[name] : undefined;
    return value === null ? undefined : value;
  }

  private missing(name: string): void {
    this.violation(name, null, "Member must not be null");
    this.violations.missing.add(this.path(name));
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
    if (value === undefined) this.missing(name);
    return value ?? "";
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
    if (value === undefined) this.missing(name);
    return value ?? 0;
  }

  optionalBoolean(name: string): boolean | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (typeof value !== "boolean") throw this.wrongType(name, "a boolean", value);
    return value;
  }

  requiredBoolean(name: string): boolean {
    const value = this.optionalBoolean(name);
    if (value === undefined) this.missing(name);
    return value ?? false;
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
    if (value === undefined) this.missing(name);
    return value ?? {};
  }

  /** A structure (or map) member kept as JSON, e.g. to be echoed back as it was given. */
  optionalJsonObject(name: string): Record<string, unknown> | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (!isObject(value)) throw this.wrongType(name, "a structure", value);
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  }

  optionalStruct(name: string): RequestReader | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (!isObject(value)) throw this.wrongType(name, "a structure", value);
    return new RequestReader(value, `${this.path(name)}.`, this.violations, this.absent);
  }

  requiredStruct(name: string): RequestReader {
    const value = this.optionalStruct(name);
    if (value !== undefined) return value;
    this.missing(name);
    return new RequestReader({}, `${this.path(name)}.`, this.violations, true);
  }

  optionalStructList(name: string): RequestReader[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw this.wrongType(name, "a list of structures", value);
    return value.map((item: unknown, index) => {
      const itemPath = `${name}.${index + 1}`;
      if (!isObject(item)) throw this.wrongType(itemPath, "a structure", item);
      return new RequestReader(item, `${this.path(itemPath)}.`, this.violations, this.absent);
    });
  }

  /** Model constraints of member `name` (a path below this reader), recorded the way AWS words them. */
  checkLength(name: string, value: string, min: number, max: number): void {
    // AWS counts Unicode code points, not UTF-16 units.
    const length = [...value].length;
    if (length < min) this.violation(name, value, `Member must have length greater than or equal to ${min}`);
    if (length > max) this.violation(name, value, `Member must have length less than or equal to ${max}`);
  }

  checkPattern(name: string, value: string, pattern: RegExp): void {
    if (!pattern.test(value)) {
      const source = pattern.source.replace(/^\^/, "").replace(/\$$/, "");
      this.violation(name, value, `Member must satisfy regular expression pattern: ${source}`);
    }
  }

  checkRange(name: string, value: number, min: number, max: number): void {
    if (value < min) this.violation(name, value, `Member must have value greater than or equal to ${min}`);
    if (value > max) this.violation(name, value, `Member must have value less than or equal to ${max}`);
  }

  /** The value as one of `allowed`; when it is none of them, a violation (and the value, unchecked). */
  checkEnum<T extends string>(name: string, value: string, allowed: readonly T[]): T {
    const found = allowed.find((candidate) => candidate === value);
    if (found === undefined) {
      this.violation(name, value, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
      return value as T;
    }
    return found;
  }
}

/** One violation as AWS words it: `Value 'x' at 'Member' failed to satisfy constraint: ...`. */
function violationText(value: unknown, member: string, constraint: string): string {
  const shown = value === null || value === undefined ? "null" : `'${String(value)}'`;
  return `Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`;
}

/** AWS's `N validation error(s) detected: ...; ...`. */
export function validationErrors(violations: readonly string[]): string {
  const count = violations.length;
  return `${count} validation error${count === 1 ? "" : "s"} detected: ${violations.join("; ")}`;
}

/** The text of one violation, for checks made outside a RequestReader. */
export function validationMessage(value: unknown, member: string, constraint: string): string {
  return validationErrors([violationText(value, member, constraint)]);
}
