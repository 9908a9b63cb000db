// What operation handlers may be given: each takes only the services it needs (a Pick of these).
import type { Ids } from "./ids";
import type { Store } from "./store";

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface Services {
  store: Store;
  clock: Clock;
  ids: Ids;
  /** The 12-digit AWS account every emulated resource belongs to (ARNs only). */
  accountId: string;
}

/** What the server knows about the request beyond its body. */
export interface RequestContext {
  /** The region of the SigV4 credential scope: the endpoint the caller believes it talks to. */
  region: string;
  requestId: string;
}
