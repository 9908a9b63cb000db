// What the provider does for check, diff, create, read and delete of a link: the entry points, composed of
// validate.ts, preflight.ts, create.ts, delete.ts and state.ts.
import type { dynamic } from "@pulumi/pulumi";
import { preflightEnabled } from "./config";
import { unlinkNow } from "./delete";
import { linkNow } from "./create";
import { diffLinks } from "./diff";
import { awsErrorInfo, classify, cognitoFailure, linkError } from "./errors";
import { idForLink } from "./id";
import { isIdentitiesFormatError } from "./identities";
import { foldedLinkKey, linkKey, sourceIdentityKey } from "./keys";
import { Ledger } from "./ledger";
import { invalidInputs, notAPoolId, redactText, refreshUnreadable } from "./messages";
import { preflight } from "./preflight";
import { ApiFactory, Session, SHARE_WINDOW_MS } from "./session";
import { linkFromState, outputsOf } from "./state";
import { readDestination } from "./users";
import { isUnknown, normalize, regionOfPool } from "./validate";

/**
 * The functions below are what the serialized provider of every resource calls (provider.ts). A program
 * that installed this package serializes `require("<package>/dist/provider/lifecycle.js")`, so state written
 * by any earlier version runs these functions as installed now: their names and signatures are kept stable
 * (`linkKey` included, now defined in keys.ts).
 */
export { linkKey };

function sessionFor(userPoolId: string, apiFactory?: ApiFactory): Session {
  const region = regionOfPool(userPoolId);
  if (!region) throw linkError(notAPoolId(userPoolId), "invalidInput");
  return new Session(region, apiFactory);
}

export async function checkLink(
  olds: unknown,
  news: unknown,
  apiFactory?: ApiFactory,
): Promise<dynamic.CheckResult> {
  const { inputs, failures, known } = normalize(news);
  if (failures.length === 0 && known) {
    const ledger = new Ledger(sessionFor(inputs.userPoolId, apiFactory));
    ledger.declare(linkKey(inputs));
    ledger.declare(foldedLinkKey(inputs));
  }
  if (failures.length > 0 || !known || !preflightEnabled()) return { inputs, failures };
  // Preflight only a new or changed link: a no-op preview must make no Cognito call.
  const before =
    olds && typeof olds === "object" && Object.keys(olds).length > 0 ? normalize(olds) : undefined;
  if (before && before.failures.length === 0 && !diffLinks(before.inputs, inputs).changes) {
    return { inputs, failures };
  }
  const session = sessionFor(inputs.userPoolId, apiFactory);
  const replaced = before && before.failures.length === 0 ? before.inputs : undefined;
  return { inputs, failures: await preflight(session, inputs, replaced) };
}

export async function diffLink(id: string, olds: unknown, news: unknown): Promise<dynamic.DiffResult> {
  const stored = linkFromState(id, olds);
  const { inputs } = normalize(news);
  const diff = diffLinks(stored.link, inputs);
  // `dependenciesReady` turns unknown when a resource the link depends on is being replaced or created. The
  // engine asks exactly that when it replaces a destination user delete-first, in the update itself, for a
  // link naming the user as a literal with dependsOn: answering "no change" would leave in state a link that
  // Cognito deletes with the user. Replace the link with it (its delete comes first, its create after).
  const ready = (news as { dependenciesReady?: unknown } | null)?.dependenciesReady;
  if (isUnknown(ready) && !diff.changes) {
    return { changes: true, replaces: ["dependenciesReady"], deleteBeforeReplace: true };
  }
  return diff;
}

/** Creates and deletes of one identity run one at a time in the process (see Ledger.exclusive). */
export async function createLink(news: unknown, apiFactory?: ApiFactory): Promise<dynamic.CreateResult> {
  const { inputs, failures, known } = normalize(news);
  if (failures.length > 0 || !known) {
    throw linkError(invalidInputs(failures), "invalidInput");
  }
  const session = sessionFor(inputs.userPoolId, apiFactory);
  return new Ledger(session).exclusive(sourceIdentityKey(inputs), () => linkNow(session, inputs));
}

export async function readLink(
  id: string,
  props: unknown,
  apiFactory?: ApiFactory,
): Promise<dynamic.ReadResult> {
  const stored = linkFromState(id, props);
  const { link, redactInId } = stored;
  const session = sessionFor(link.userPoolId, apiFactory);
  let view;
  try {
    // Shared with the other links of the user read in the last moments: refresh reads each user once.
    view = await readDestination(session, link, Date.now() - SHARE_WINDOW_MS);
  } catch (e) {
    if (isIdentitiesFormatError(e)) {
      throw linkError(
        refreshUnreadable(link, redactInId, redactText(e.message, link, redactInId)),
        "invalidState",
      );
    }
    const info = awsErrorInfo(e);
    // A pool that no longer exists takes its users and links with it: the resource is gone.
    if (classify(info) === "poolNotFound") return { id: "", props: {} };
    throw cognitoFailure(info, { operation: "AdminGetUser", link, redacted: redactInId });
  }
  if (!view?.entry) return { id: "", props: {} };
  const outs = outputsOf(link, redactInId, view.entry, stored.providerType);
  // No `inputs`: a link that still exists is exactly the declared one, so the stored inputs (with the
  // resource class's hints) stay as they are and refresh shows no change.
  return { id: idForLink(id, link, redactInId), props: outs };
}

export async function deleteLink(id: string, props: unknown, apiFactory?: ApiFactory): Promise<void> {
  const { link, redactInId } = linkFromState(id, props);
  const session = sessionFor(link.userPoolId, apiFactory);
  return new Ledger(session).exclusive(sourceIdentityKey(link), () => unlinkNow(session, link, redactInId));
}
