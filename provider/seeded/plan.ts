// The exchange plan of a SeededUserLinks: which new child link takes over a removed child of the same user.
//
// The engine creates a new resource while the program runs and deletes a removed one only after it. On a
// user with 5 links, exchanging one identity for another that way links a sixth before unlinking the old one,
// which Cognito refuses. Registered under the removed child's name (an alias), the new child is instead a
// replacement of that child, which deletes first. A program cannot read the stack's previous entries, but a
// dynamic resource's check can (its olds): this provider computes the pairs there, calls nothing, and is
// serialized into the plan resource's state like any dynamic provider (nothing but these functions).
import type { dynamic } from "@pulumi/pulumi";

/** A child link as the plan sees it: its destination user and its resource name. */
export interface PlanEntry {
  username: string;
  name: string;
}

/**
 * For each user, the children that joined the entries paired in order with the children that left them:
 * `{ <new child name>: <removed child name> }`. Unpaired children (more added than removed, or the reverse)
 * are created or deleted as usual.
 */
export function exchanges(before: readonly PlanEntry[], after: readonly PlanEntry[]): Record<string, string> {
  const beforeNames = before.map((e) => e.name);
  const afterNames = after.map((e) => e.name);
  const pairs: Record<string, string> = {};
  const removed = before.filter((e) => !afterNames.includes(e.name));
  for (const added of after.filter((e) => !beforeNames.includes(e.name))) {
    const i = removed.findIndex((r) => r.username === added.username);
    if (i < 0) continue;
    pairs[added.name] = removed[i]!.name;
    removed.splice(i, 1);
  }
  return pairs;
}

function entriesOf(props: unknown): PlanEntry[] {
  const list = (props as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (e): e is PlanEntry =>
      typeof e === "object" && e !== null && typeof e.username === "string" && typeof e.name === "string",
  );
}

/** The plan's dynamic provider: check pairs the previous entries (olds) with the new ones. No Cognito call. */
export const seededPlanProvider: dynamic.ResourceProvider = {
  async check(olds: unknown, news: unknown): Promise<dynamic.CheckResult> {
    const entries = entriesOf(news);
    return { inputs: { entries, exchanges: exchanges(entriesOf(olds), entries) } };
  },
  async diff(_id: string, olds: unknown, news: unknown): Promise<dynamic.DiffResult> {
    // Only a change of the entries is a change: a plan left from an earlier update names only children that
    // are gone (it was computed when they left), so it is kept rather than rewritten to {}.
    return { changes: JSON.stringify(entriesOf(olds)) !== JSON.stringify(entriesOf(news)) };
  },
  async create(inputs: unknown): Promise<dynamic.CreateResult> {
    return { id: "plan", outs: inputs };
  },
  async update(_id: string, _olds: unknown, news: unknown): Promise<dynamic.UpdateResult> {
    return { outs: news };
  },
};
