// The text a user sees for check failures and failed provider calls, rendered the way the engine renders it.
import { isObject, isSecret, isUnknown, type PropertyMap } from "./wire";

/** One `error:` line of `pulumi preview` / `pulumi up` output, attached to a resource when it has one. */
export interface Diagnostic {
  urn?: string;
  message: string;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/** The `name` part of `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
export function urnName(urn: string): string {
  const parts = urn.split("::");
  return parts.slice(3).join("::");
}

/** The type part of a URN (the last `$`-separated component of the qualified type). */
export function urnType(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

/**
 * The engine's `issueCheckFailures` (pkg/resource/deploy/step_generator.go) with the messages of
 * sdk/go/common/diag/errors.go:
 *   "%v resource '%v': property %v value %v has a problem: %v"   (failure with a property)
 *   "%v resource '%v' has a problem: %v"                         (failure without one)
 * The value is the program's input under that exact key (so a dotted path finds nothing and prints `{<nil>}`).
 */
export function checkFailureMessage(
  type: string,
  urn: string,
  failure: CheckFailure,
  inputs: PropertyMap,
): string {
  const name = urnName(urn);
  if (failure.property === "") return `${type} resource '${name}' has a problem: ${failure.reason}`;
  const value = formatPropertyValue(inputs[failure.property]);
  return `${type} resource '${name}': property ${failure.property} value ${value} has a problem: ${failure.reason}`;
}

/**
 * Go's `resource.PropertyValue.String()`: `{%v}` of the underlying value, `output<string>{}` for unknowns.
 * Numbers print as JS prints them, which matches Go's %v except for exponents of very small numbers.
 */
export function formatPropertyValue(v: unknown): string {
  if (isUnknown(v)) return "output<string>{}";
  return `{${formatGoValue(v)}}`;
}

function formatGoValue(v: unknown): string {
  if (v === undefined || v === null) return "<nil>";
  if (isSecret(v)) return `&{${formatPropertyValue(v.value)}}`;
  if (Array.isArray(v)) return `[${v.map(formatPropertyValue).join(" ")}]`;
  if (isObject(v)) {
    const entries = Object.keys(v)
      .sort()
      .map((k) => `${k}:${formatPropertyValue(v[k])}`);
    return `map[${entries.join(" ")}]`;
  }
  return String(v);
}
