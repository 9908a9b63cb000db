// The dynamic ResourceProvider that the engine serializes into each resource: a thin facade over lifecycle.ts.
import type { dynamic } from "@pulumi/pulumi";
import { checkLink, createLink, deleteLink, diffLink, readLink } from "./lifecycle";
import type { ApiFactory } from "./session";

/**
 * Holds no state and captures nothing from the environment: it is serialized into every resource's state in
 * plain text (pulumi/pulumi#13960), and sent with every check and diff. Kept to delegations so that, once the
 * package is installed, the serialized text is a few lines plus `require(...)` of lifecycle.ts. Clients and
 * caches live in the host process (session.ts, runtime.ts).
 */
export class UserProviderLinkProvider implements dynamic.ResourceProvider {
  /** Tests pass a factory to run against a fake Cognito; the serialized provider never has one. */
  constructor(private readonly apiFactory?: ApiFactory) {}

  check(olds: unknown, news: unknown): Promise<dynamic.CheckResult> {
    return checkLink(olds, news, this.apiFactory);
  }

  diff(id: string, olds: unknown, news: unknown): Promise<dynamic.DiffResult> {
    return diffLink(id, olds, news);
  }

  create(news: unknown): Promise<dynamic.CreateResult> {
    return createLink(news, this.apiFactory);
  }

  read(id: string, props: unknown): Promise<dynamic.ReadResult> {
    return readLink(id, props, this.apiFactory);
  }

  delete(id: string, props: unknown): Promise<void> {
    return deleteLink(id, props, this.apiFactory);
  }
}
