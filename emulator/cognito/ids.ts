// Identifiers the emulator hands out: pool ids, user subs and request ids, random or derived from a seed.
import { createHash, randomBytes, randomUUID } from "crypto";

const ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const POOL_SUFFIX_LENGTH = 9;

/** The user pool id pattern of the Cognito model (docs/cognito.md §1), anchored. */
export const USER_POOL_ID_PATTERN = /^[\w-]+_[0-9a-zA-Z]+$/;

function alphanumeric(bytes: Buffer, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    out += ALPHANUMERIC[(bytes[i] ?? 0) % ALPHANUMERIC.length];
  }
  return out;
}

function sha256(...parts: string[]): Buffer {
  return createHash("sha256").update(parts.join("\u0000")).digest();
}

/** Formats 16 bytes as a version-4-shaped uuid, as Cognito subs look. */
function uuidFrom(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Whether pools can live in `region`: its pool ids (`<region>_<9 alphanumerics>`) must match the
 * pattern and length (55) of the model, and give the region back. No underscore, at most 45 characters.
 */
export function canHostPools(region: string): boolean {
  return /^[\w-]+$/.test(region) && !region.includes("_") && region.length + 1 + POOL_SUFFIX_LENGTH <= 55;
}

/** The region a pool id belongs to: everything before its first underscore. */
export function regionOfPoolId(poolId: string): string {
  const index = poolId.indexOf("_");
  return index < 0 ? "" : poolId.slice(0, index);
}

/** Where new ids come from; handlers get it as a service so seeds can make them stable. */
export interface Ids {
  poolId(region: string): string;
  sub(): string;
  requestId(): string;
}

export const randomIds: Ids = {
  poolId: (region) => `${region}_${alphanumeric(randomBytes(POOL_SUFFIX_LENGTH), POOL_SUFFIX_LENGTH)}`,
  sub: () => randomUUID(),
  requestId: () => randomUUID(),
};

/** The pool id a seed gets when it names none: the same for the same region and name, every start. */
export function stablePoolId(region: string, name: string): string {
  return `${region}_${alphanumeric(sha256("pool", region, name), POOL_SUFFIX_LENGTH)}`;
}

/** The sub a seeded user gets when the seed names none: the same for the same pool and username. */
export function stableSub(poolId: string, username: string): string {
  return uuidFrom(sha256("sub", poolId, username));
}
