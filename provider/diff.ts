// The pure diff of a link: every change of pool, destination or source replaces it, deleting first.
import { Link, UNKNOWN } from "./inputs";

export interface LinkDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

type Field = [top: keyof Link, get: (l: Link) => string | undefined];

const FIELDS: Field[] = [
  ["userPoolId", (l) => l.userPoolId],
  ["destinationUser", (l) => l.destinationUser.providerName],
  ["destinationUser", (l) => l.destinationUser.providerAttributeValue],
  ["sourceUser", (l) => l.sourceUser.providerName],
  ["sourceUser", (l) => l.sourceUser.providerAttributeName],
  ["sourceUser", (l) => l.sourceUser.providerAttributeValue],
];

/**
 * Compares the stored link (olds are the previous outputs, pulumi/pulumi#2931) with the checked inputs.
 * A value still unknown in preview may change, so it counts as a change. Every change is a replace: the host
 * drops an update-only diff's outputs without calling us (see the dynamic-provider spec), and the delete must
 * come first because AdminDisableProviderForUser names only the source identity: deleting after creating a
 * link with the same source would unlink the new one.
 */
export function diffLinks(olds: Link, news: Link): LinkDiff {
  const replaces: string[] = [];
  for (const [top, get] of FIELDS) {
    const n = get(news);
    if ((n === UNKNOWN || n !== get(olds)) && !replaces.includes(top)) replaces.push(top);
  }
  return { changes: replaces.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
}
