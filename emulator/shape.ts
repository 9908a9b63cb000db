// Narrowing of the emulator's own JSON files (state, seed) from unknown, with the path of what is wrong.
export class ShapeError extends Error {
  override readonly name = "ShapeError";
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${path}: expected ${expected}`);
  }
}

export type JsonObject = { readonly [key: string]: unknown };

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** A reader of one JSON object at `path` (e.g. `pools[0].users[2]`). */
export class ShapeReader {
  constructor(
    private readonly fields: JsonObject,
    readonly path: string,
  ) {}

  static of(value: unknown, path: string): ShapeReader {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new ShapeError(path, `an object, got ${kindOf(value)}`);
    }
    return new ShapeReader(value as JsonObject, path);
  }

  private at(key: string): string {
    return this.path === "" ? key : `${this.path}.${key}`;
  }

  private get(key: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.fields, key) ? this.fields[key] : undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  string(key: string): string {
    const value = this.get(key);
    if (typeof value !== "string") throw new ShapeError(this.at(key), `a string, got ${kindOf(value)}`);
    return value;
  }

  optionalString(key: string): string | undefined {
    return this.get(key) === undefined ? undefined : this.string(key);
  }

  stringOrNull(key: string): string | null {
    return this.get(key) === null ? null : this.string(key);
  }

  number(key: string): number {
    const value = this.get(key);
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new ShapeError(this.at(key), `a number, got ${kindOf(value)}`);
    }
    return value;
  }

  boolean(key: string): boolean {
    const value = this.get(key);
    if (typeof value !== "boolean") throw new ShapeError(this.at(key), `a boolean, got ${kindOf(value)}`);
    return value;
  }

  optionalBoolean(key: string): boolean | undefined {
    return this.get(key) === undefined ? undefined : this.boolean(key);
  }

  literal<T extends string | number>(key: string, allowed: readonly T[]): T {
    const value = this.get(key);
    const found = allowed.find((candidate) => candidate === value);
    if (found === undefined) {
      throw new ShapeError(this.at(key), `one of ${allowed.map((item) => JSON.stringify(item)).join(", ")}`);
    }
    return found;
  }

  stringMap(key: string): Record<string, string> {
    const reader = ShapeReader.of(this.get(key), this.at(key));
    const map: Record<string, string> = {};
    for (const name of Object.keys(reader.fields)) map[name] = reader.string(name);
    return map;
  }

  optionalStringMap(key: string): Record<string, string> | undefined {
    return this.get(key) === undefined ? undefined : this.stringMap(key);
  }

  /** A nested value, read by `item` with its own path. */
  field<T>(key: string, item: (value: unknown, path: string) => T): T {
    return item(this.get(key), this.at(key));
  }

  list<T>(key: string, item: (value: unknown, path: string) => T): T[] {
    const value = this.get(key);
    if (!Array.isArray(value)) throw new ShapeError(this.at(key), `an array, got ${kindOf(value)}`);
    return value.map((entry: unknown, index) => item(entry, `${this.at(key)}[${index}]`));
  }

  optionalList<T>(key: string, item: (value: unknown, path: string) => T): T[] | undefined {
    return this.get(key) === undefined ? undefined : this.list(key, item);
  }

  stringList(key: string): string[] {
    return this.list(key, (value, path) => {
      if (typeof value !== "string") throw new ShapeError(path, `a string, got ${kindOf(value)}`);
      return value;
    });
  }
}
