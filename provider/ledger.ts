// The books a deployment keeps in its host process: declared links, preflight's counts, and each identity's queue.
import { processRuntime } from "./runtime";

/**
 * What the checks, creates and deletes of one deployment note for each other in the host process, per region
 * and endpoint (a Session's `scope`). Kept in the process store (runtime.ts), never in the serialized provider.
 */
export class Ledger {
  private readonly rt = processRuntime();
  private readonly scope: string;

  constructor(session: { readonly scope: string }) {
    this.scope = session.scope;
  }

  /** The set of identities planned for a destination by preflight in this process. */
  planned(destinationKey: string): Set<string> {
    const key = `${this.scope}|${destinationKey}`;
    let set = this.rt.planned.get(key);
    if (!set) this.rt.planned.set(key, (set = new Set()));
    return set;
  }

  /** The set of identities that replacements in this process unlink from a destination first. */
  leaving(destinationKey: string): Set<string> {
    const key = `${this.scope}|${destinationKey}`;
    const all = (this.rt.leaving ??= new Map()); // a runtime made by an older provider version has none
    let set = all.get(key);
    if (!set) all.set(key, (set = new Set()));
    return set;
  }

  /**
   * Notes that a resource of this deployment declares `linkKey` (its check passed with known inputs). The
   * engine checks every resource the program registers, changed or not, and one host process serves one
   * deployment. The deletes of resources that left the program (renamed, moved into or out of a component,
   * declared twice) run only after the program has registered, and so checked, every resource it still
   * has: such a delete asks {@link isDeclared} and leaves a declared link linked. The delete half of a
   * replacement can run before resources registered after it are checked: a swap may then unlink an
   * identity that the other half links again (see {@link exclusive}); a duplicate declared after a link
   * that changes is not protected (README, "Renames, moves and refactors").
   */
  declare(linkKey: string): void {
    (this.rt.declared ??= new Set()).add(`${this.scope}|${linkKey}`); // an older provider's runtime has none
  }

  isDeclared(linkKey: string): boolean {
    return this.rt.declared?.has(`${this.scope}|${linkKey}`) ?? false;
  }

  /**
   * Runs `work` after every earlier create or delete of the same identity in this process has settled. The
   * engine runs the halves of different resources' replacements in parallel: in a swap, one resource's delete
   * may pass its declared check before the other resource is checked, read the identity as linked, and
   * send its disable call after the other's create has adopted the identity: the link would be lost. Queued,
   * the create waits for that delete and links the identity again.
   */
  async exclusive<T>(identityKey: string, work: () => Promise<T>): Promise<T> {
    const queues = (this.rt.queues ??= new Map());
    const key = `${this.scope}|${identityKey}`;
    const before = queues.get(key) ?? Promise.resolve();
    const run = before.then(work, work);
    const tail = run.catch(() => undefined);
    queues.set(key, tail);
    try {
      return await run;
    } finally {
      if (queues.get(key) === tail) queues.delete(key);
    }
  }
}
