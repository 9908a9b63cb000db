// Pagination of list operations: pages in a stable key order, opaque tokens naming the last key served.
import { InvalidParameterException } from "./errors";

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  next: string | undefined;
}

function encode(after: string): string {
  return Buffer.from(JSON.stringify({ after }), "utf8").toString("base64url");
}

function decode(token: string, member: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      "after" in parsed &&
      typeof parsed.after === "string"
    ) {
      return parsed.after;
    }
  } catch {
    // fall through: not one of ours
  }
  throw new InvalidParameterException(`${member} is not valid.`);
}

/**
 * One page of `items`, ordered by `keyOf`. A token names the last key served rather than an offset,
 * so that deleting items between two pages never skips or repeats the others.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  limit: number,
  token: string | undefined,
  member: string,
): Page<T> {
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const after = token === undefined || token === "" ? undefined : decode(token, member);
  const rest = after === undefined ? sorted : sorted.filter((item) => keyOf(item) > after);
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, next: rest.length > limit && last !== undefined ? encode(keyOf(last)) : undefined };
}
