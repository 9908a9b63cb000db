// The engine's property wire form: secret and unknown sentinels, and JS <-> google.protobuf.Struct conversion.
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import type { Struct as StructType } from "google-protobuf/google/protobuf/struct_pb";
import { pulumiRequire } from "./pulumiModules";

/** A property bag as it travels between program, engine and provider (secrets wrapped, unknowns as sentinels). */
export type PropertyMap = Record<string, unknown>;

/** The string every unknown value becomes on the wire, whatever its type (pulumi/pulumi#6310). */
export const UNKNOWN: string = unknownValue;
export const SIG_KEY: string = specialSigKey;
export const SECRET_SIG: string = specialSecretSig;

/** A secret as the SDK serializes it: `{"4dabf1...": "1b47061...", value}`. */
export interface SecretValue {
  [SIG_KEY]: string;
  value: unknown;
}

export function secret(value: unknown): SecretValue {
  return { [SIG_KEY]: SECRET_SIG, value } as SecretValue;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isSecret(v: unknown): v is SecretValue {
  return isObject(v) && v[SIG_KEY] === SECRET_SIG;
}

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

export function containsSecrets(v: unknown): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecrets);
  if (isObject(v)) return Object.values(v).some(containsSecrets);
  return false;
}

export function containsUnknowns(v: unknown): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknowns);
  if (isObject(v)) return Object.values(v).some(containsUnknowns);
  return false;
}

/** Deep copy with every secret wrapper replaced by its plain value (the engine's `removeSecrets`). */
export function reveal<T = unknown>(v: unknown): T {
  if (isSecret(v)) return reveal(v.value);
  if (Array.isArray(v)) return v.map((e) => reveal(e)) as T;
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, reveal(e)])) as T;
  return v as T;
}

/** Deep equality of wire values (key order ignored), as the engine's PropertyMap.Diff sees them. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((e, i) => deepEqual(e, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

const { Struct } = pulumiRequire<{ Struct: typeof StructType }>("google-protobuf/google/protobuf/struct_pb");

/** Drops `undefined` (the SDK never sends it, and `Struct.fromJavaScript` throws on it). */
function defined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((e) => (e === undefined ? null : defined(e)));
  if (isObject(v)) {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, e]) => e !== undefined)
        .map(([k, e]) => [k, defined(e)]),
    );
  }
  return v;
}

export function toStruct(props: PropertyMap): StructType {
  return Struct.fromJavaScript(defined(props) as Parameters<typeof Struct.fromJavaScript>[0]);
}

export function fromStruct(s: StructType | undefined): PropertyMap {
  return s === undefined ? {} : (s.toJavaScript() as PropertyMap);
}
