// Seed documents for the emulator's `--seed`: pools with fixed ids, their identity providers and native users.
import * as fs from "fs";

export interface SeedProvider {
  name: string;
  /** "Google", "SAML", ...: the ProviderType. */
  type: string;
}

export interface SeedPool {
  id: string;
  name?: string;
  providers?: readonly SeedProvider[];
  users: readonly string[];
}

/** Google and a SAML provider named CorpSAML: what most tests link from. */
export const GOOGLE_AND_SAML: readonly SeedProvider[] = [
  { name: "Google", type: "Google" },
  { name: "CorpSAML", type: "SAML" },
];

/** The provider as the seed format takes it, with the details Cognito requires of its type. */
function identityProvider(p: SeedProvider): Record<string, unknown> {
  return p.type === "SAML"
    ? {
        ...p,
        details: { MetadataURL: "https://idp.example.com/metadata" },
        attributeMapping: { email: "email" },
      }
    : { ...p, details: { client_id: "x", client_secret: "y", authorize_scopes: "openid" } };
}

/** Writes a seed document of `pools` (providers default to GOOGLE_AND_SAML) to `file`; returns `file`. */
export function writeSeed(file: string, pools: readonly SeedPool[]): string {
  const document = {
    pools: pools.map((pool) => ({
      id: pool.id,
      name: pool.name ?? `pool-${pool.id}`,
      identityProviders: (pool.providers ?? GOOGLE_AND_SAML).map(identityProvider),
      users: pool.users.map((username) => ({ username })),
    })),
  };
  fs.writeFileSync(file, JSON.stringify(document, null, 2));
  return file;
}
