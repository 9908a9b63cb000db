// The keys under which the host process keeps its books about links (ledger.ts): what makes two links the same.
import type { Link } from "./inputs";

/** What makes two declarations the same link: pool, destination and identity, exactly as given. */
export function linkKey(link: Link): string {
  const d = link.destinationUser;
  const s = link.sourceUser;
  return JSON.stringify([
    link.userPoolId,
    d.providerName,
    d.providerAttributeValue,
    s.providerName,
    s.providerAttributeName,
    s.providerAttributeValue,
  ]);
}

/** The same key with the destination's username case-folded: one user in a case-insensitive pool. */
export function foldedLinkKey(link: Link): string {
  const d = link.destinationUser;
  return `folded:${linkKey({
    ...link,
    destinationUser: { ...d, providerAttributeValue: d.providerAttributeValue.toLowerCase() },
  })}`;
}

/** The external identity a link names, which a disable call removes from whichever user holds it. */
export function sourceIdentityKey(link: Link): string {
  return JSON.stringify([
    link.userPoolId,
    link.sourceUser.providerName,
    link.sourceUser.providerAttributeValue,
  ]);
}

/**
 * Keys of preflight's per-process bookkeeping: a destination, and an identity linked to it. In a
 * case-insensitive pool `alice` and `ALICE` are one user (docs/cognito.md R7), so they share one key and one count.
 */
export const destinationKey = (l: Link, caseSensitive: boolean): string => {
  const key = `${l.userPoolId}|${l.destinationUser.providerName}|${l.destinationUser.providerAttributeValue}`;
  return caseSensitive ? key : key.toLowerCase();
};
export const identityKey = (providerName: string, value: string): string => `${providerName}|${value}`;
