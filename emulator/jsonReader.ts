// The one reader of untrusted JSON: typed members out of `unknown`, for request bodies and for state and seed documents.
import { InvalidParameterException, SerializationException } from "./cognito/errors";

type JsonObject = { readonly [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `an array`, `null`, `an object`, `a string`, ...: what a value is, for messages. */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Reads the members of one JSON object, each narrowed to its type. What a wrong or missing member
 * does, and how paths are written, is the dialect's: a request body (RequestReader) or a document
 * (DocumentReader). `optionalX(name)` gives undefined for an absent member; `requiredX(name)` reports
 * it missing.
 */
abstract class JsonReader {
  protected constructor(
    protected readonly fields: JsonObject,
    /** Where this object is: "" for the root, else e.g. `SourceUser` or `pools[0].users[2]`. */
    readonly at: string,
  ) {}

  /** A member of the wrong JSON type: thrown at once. */
  protected abstract wrongType(path: string, expected: string, value: unknown): Error;
  /** A required member that is absent: recorded or thrown, by the dialect. */
  protected abstract missing(name: string, expected: string): void;
  /** The path of item `index` of the list at `path`. */
  protected abstract itemPath(path: string, index: number): string;
  /** A reader of the object `value` at `path`, of the same dialect. */
  protected abstract child(value: JsonObject, path: string, absent?: boolean): this;
  /** Whether JSON `null` counts as absent (as it does for AWS). */
  protected abstract readonly nullIsAbsent: boolean;

  /** The member's path, as messages show it. */
  path(name: string): string {
    return this.at === "" ? name : `${this.at}.${name}`;
  }

  protected raw(name: string): unknown {
    const value = Object.prototype.hasOwnProperty.call(this.fields, name) ? this.fields[name] : undefined;
    return value === null && this.nullIsAbsent ? undefined : value;
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  /** `read` of a present member; undefined for an absent one. */
  private optional<T>(name: string, read: (value: unknown) => T): T | undefined {
    const value = this.raw(name);
    return value === undefined ? undefined : read(value);
  }

  /** `read` of a present member; for an absent one, the dialect's report and then `placeholder`. */
  private required<T>(name: string, expected: string, placeholder: T, read: (value: unknown) => T): T {
    const value = this.optional(name, read);
    if (value !== undefined) return value;
    this.missing(name, expected);
    return placeholder;
  }

  private string(name: string, value: unknown): string {
    if (typeof value !== "string") throw this.wrongType(this.path(name), "a string", value);
    return value;
  }

  private integer(name: string, value: unknown): number {
    if (typeof value !== "number" || !Number.isInteger(value))
      throw this.wrongType(this.path(name), "an integer", value);
    return value;
  }

  private boolean(name: string, value: unknown): boolean {
    if (typeof value !== "boolean") throw this.wrongType(this.path(name), "a boolean", value);
    return value;
  }

  private stringList(name: string, value: unknown): string[] {
    if (!Array.isArray(value)) throw this.wrongType(this.path(name), "an array of strings", value);
    return value.map((item: unknown, index) => {
      if (typeof item !== "string")
        throw this.wrongType(this.itemPath(this.path(name), index), "a string", item);
      return item;
    });
  }

  private stringMap(name: string, value: unknown): Record<string, string> {
    if (!isObject(value)) throw this.wrongType(this.path(name), "an object of strings", value);
    const map: Record<string, string> = {};
    for (const [key, item] of Object.entries(value)) {
      if (typeof item !== "string") throw this.wrongType(this.path(`${name}.${key}`), "a string", item);
      map[key] = item;
    }
    return map;
  }

  private struct(name: string, value: unknown): this {
    if (!isObject(value)) throw this.wrongType(this.path(name), "an object", value);
    return this.child(value, this.path(name));
  }

  private structList(name: string, value: unknown): this[] {
    if (!Array.isArray(value)) throw this.wrongType(this.path(name), "an array of objects", value);
    return value.map((item: unknown, index) => {
      const itemPath = this.itemPath(this.path(name), index);
      if (!isObject(item)) throw this.wrongType(itemPath, "an object", item);
      return this.child(item, itemPath);
    });
  }

  optionalString(name: string): string | undefined {
    return this.optional(name, (value) => this.string(name, value));
  }

  requiredString(name: string): string {
    return this.required(name, "a string", "", (value) => this.string(name, value));
  }

  optionalInteger(name: string): number | undefined {
    return this.optional(name, (value) => this.integer(name, value));
  }

  requiredInteger(name: string): number {
    return this.required(name, "an integer", 0, (value) => this.integer(name, value));
  }

  optionalBoolean(name: string): boolean | undefined {
    return this.optional(name, (value) => this.boolean(name, value));
  }

  requiredBoolean(name: string): boolean {
    return this.required(name, "a boolean", false, (value) => this.boolean(name, value));
  }

  optionalStringList(name: string): string[] | undefined {
    return this.optional(name, (value) => this.stringList(name, value));
  }

  requiredStringList(name: string): string[] {
    return this.required(name, "an array of strings", [], (value) => this.stringList(name, value));
  }

  optionalStringMap(name: string): Record<string, string> | undefined {
    return this.optional(name, (value) => this.stringMap(name, value));
  }

  requiredStringMap(name: string): Record<string, string> {
    return this.required(name, "an object of strings", {}, (value) => this.stringMap(name, value));
  }

  /** A structure (or map) member kept as JSON, e.g. to be echoed back as it was given. */
  optionalJsonObject(name: string): Record<string, unknown> | undefined {
    return this.optional(name, (value) => {
      if (!isObject(value)) throw this.wrongType(this.path(name), "an object", value);
      return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
    });
  }

  optionalStruct(name: string): this | undefined {
    return this.optional(name, (value) => this.struct(name, value));
  }

  requiredStruct(name: string): this {
    const value = this.optionalStruct(name);
    if (value !== undefined) return value;
    this.missing(name, "an object");
    // A reader of the missing structure: its own members are not reported again.
    return this.child({}, this.path(name), true);
  }

  optionalStructList(name: string): this[] | undefined {
    return this.optional(name, (value) => this.structList(name, value));
  }

  requiredStructList(name: string): this[] {
    return this.required(name, "an array of objects", [], (value) => this.structList(name, value));
  }
}

/** The broken constraints of one request, shared by the readers of its structures. */
interface Violations {
  texts: string[];
  /** Paths of required members found missing: their placeholder values are not checked further. */
  missing: Set<string>;
}

/**
 * Reads a request body the way AWS does. A member of the wrong JSON type is a SerializationException
 * (AWS fails to deserialize it, and stops there). Model constraints (a missing required member, a
 * length, a pattern, a range, an enum) are collected instead, as AWS's validation layer does, and
 * `validate()` throws them all at once:
 * `2 validation errors detected: Value null at 'UserPoolId' ...; Value null at 'Username' ...`.
 * Until `validate()` returned, the values read are not to be trusted (a missing required string
 * reads as ""). JSON `null` counts as absent; list items are numbered from 1 (`Schema.1.Name`).
 */
export class RequestReader extends JsonReader {
  protected readonly nullIsAbsent = true;

  private constructor(
    fields: JsonObject,
    at: string,
    private readonly violations: Violations,
    /** A reader of a missing structure: its own members are not reported again. */
    private readonly absent = false,
  ) {
    super(fields, at);
  }

  /** The reader of a whole request body, which must be a JSON object. */
  static of(body: unknown): RequestReader {
    if (!isObject(body)) {
      throw new SerializationException(`Expected a JSON object as the request body, got ${kindOf(body)}`);
    }
    return new RequestReader(body, "", { texts: [], missing: new Set() });
  }

  protected child(value: JsonObject, path: string, absent = false): this {
    return new RequestReader(value, path, this.violations, this.absent || absent) as this;
  }

  protected wrongType(path: string, expected: string, value: unknown): Error {
    return new SerializationException(`Expected ${expected} for ${path}, got ${kindOf(value)}`);
  }

  protected missing(name: string): void {
    this.violation(name, null, "Member must not be null");
    this.violations.missing.add(this.path(name));
  }

  protected itemPath(path: string, index: number): string {
    return `${path}.${index + 1}`;
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

/** A state or seed document that is not what it should be: the path of the first bad member and what it should be. */
export class DocumentError extends Error {
  override readonly name = "DocumentError";
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${path}: expected ${expected}`);
  }
}

/** `one of "email", "phone_number"`. */
function oneOfText(allowed: readonly (string | number)[]): string {
  return `one of ${allowed.map((item) => JSON.stringify(item)).join(", ")}`;
}

/**
 * Reads the emulator's own JSON documents (the state file, seeds): the first wrong or missing member
 * throws DocumentError naming its path (`pools[0].users[2].username: expected a string, got a number`).
 * JSON `null` is a value of its own; list items are numbered from 0.
 */
export class DocumentReader extends JsonReader {
  protected readonly nullIsAbsent = false;

  /** The reader of the object `value`, found at `path` ("" for a whole document). */
  static of(value: unknown, path = ""): DocumentReader {
    if (!isObject(value)) throw new DocumentError(path, `an object, got ${kindOf(value)}`);
    return new DocumentReader(value, path);
  }

  protected child(value: JsonObject, path: string): this {
    return new DocumentReader(value, path) as this;
  }

  protected wrongType(path: string, expected: string, value: unknown): Error {
    return new DocumentError(path, `${expected}, got ${kindOf(value)}`);
  }

  protected missing(name: string, expected: string): void {
    throw this.wrongType(this.path(name), expected, undefined);
  }

  protected itemPath(path: string, index: number): string {
    return `${path}[${index}]`;
  }

  /** A string member that may be JSON null. */
  nullableString(name: string): string | null {
    return this.raw(name) === null ? null : this.requiredString(name);
  }

  /** A member that must be one of `allowed` (strings or numbers). */
  requiredOneOf<T extends string | number>(name: string, allowed: readonly T[]): T {
    const value = this.raw(name);
    const found = allowed.find((candidate) => candidate === value);
    if (found === undefined) throw this.wrongType(this.path(name), oneOfText(allowed), value);
    return found;
  }

  /** Each item of a required list member, as one of `allowed`. */
  requiredListOf<T extends string>(name: string, allowed: readonly T[]): T[] {
    return this.requiredStringList(name).map((item, index) => {
      const found = allowed.find((candidate) => candidate === item);
      if (found === undefined) {
        throw this.wrongType(this.itemPath(this.path(name), index), oneOfText(allowed), item);
      }
      return found;
    });
  }
}
