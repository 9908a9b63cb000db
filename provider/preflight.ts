// Preflight: Cognito-side checks of a new or changed link during check, so preview reports them before merge.
import { awsErrorInfo, classify } from "./errors";
import { isIdentitiesFormatError, linkedCount } from "./identities";
import { COGNITO_SUBJECT, LinkInputs, MAX_IDENTITIES_PER_USER } from "./inputs";
import { destinationKey, identityKey } from "./keys";
import { Ledger } from "./ledger";
import {
  alreadySignedIn,
  describeDestination,
  describeIdentity,
  describeUsername,
  identityLimitAhead,
  notAUsername,
  poolNotFound,
  preflightSkipped,
  providerNotFound,
  redactText,
  userNotFound,
} from "./messages";
import { Session, SHARE_WINDOW_MS } from "./session";
import { findSignedInUser, readDestination } from "./users";
import { Failure, failureProperty } from "./validate";

/**
 * At most six reads: DescribeUserPool and DescribeIdentityProvider (cached per process), AdminGetUser of the
 * destination (shared between links of the same user) and of the identity's own federated user under each
 * spelling Cognito may give it (users.ts usernamesOf: two for numeric subjects, three at most; one in a
 * case-insensitive pool, where the spellings name one user). "No such user" answers are shared like reads. It reports
 * only what is certain: a read it may not make, or any error other than "not found", skips the rest, and
 * existence of the destination and provider is not judged while a resource the link depends on is still to
 * be created (the resource class then sends `dependenciesReady` unknown, or false behind a component).
 */
export async function preflight(
  session: Session,
  inputs: LinkInputs,
  replaced?: LinkInputs,
): Promise<Failure[]> {
  const ledger = new Ledger(session);
  const redacted = inputs.redactInId ?? [];
  const pool = inputs.userPoolId;
  const identity = describeIdentity(inputs, redacted);
  const dest = describeDestination(inputs, redacted);
  const judgeExistence = inputs.dependenciesReady !== false;
  const failures: Failure[] = [];
  const notFound = (e: unknown, kind: ReturnType<typeof classify>): boolean => {
    const k = classify(awsErrorInfo(e));
    if (k === kind || (kind === "providerNotFound" && k === "poolNotFound")) return true;
    throw e;
  };

  try {
    let caseSensitive = true;
    try {
      ({ caseSensitive } = await session.describeUserPool(pool));
    } catch (e) {
      if (notFound(e, "poolNotFound")) {
        return [{ property: "userPoolId", reason: poolNotFound(pool) }];
      }
    }

    if (replaced && !replaced.retainOnDelete) {
      // Every change replaces the link, unlinking the old identity first: on a user with 5 links, a new subject
      // must not count as a sixth. The engine checks the replacement again without olds, so the process keeps it.
      // Not when the old resource has retainOnDelete: the engine skips the delete half of the replacement
      // (it reads the option from the old state) and the old identity stays.
      const s = replaced.sourceUser;
      ledger
        .leaving(destinationKey(replaced, caseSensitive))
        .add(identityKey(s.providerName, s.providerAttributeValue));
    }

    const source = inputs.sourceUser;
    try {
      await session.describeIdentityProvider(pool, source.providerName);
    } catch (e) {
      if (notFound(e, "providerNotFound") && judgeExistence) {
        failures.push({
          property: "sourceUser.providerName",
          reason: providerNotFound(source.providerName, pool),
        });
      }
    }

    let other: string | undefined;
    const view = await readDestination(session, inputs, Date.now() - SHARE_WINDOW_MS, (user) => {
      other ??= user.username;
    }).catch((e) => {
      if (isIdentitiesFormatError(e)) return null; // Cognito's data, not the user's input: create decides.
      throw e;
    });
    if (view === undefined && other !== undefined && judgeExistence) {
      // AdminGetUser found another user by alias or sub (docs/cognito.md R6); AdminLinkProviderForUser takes usernames only.
      const secret = redacted.includes("destinationUser");
      failures.push({
        property: "destinationUser.providerAttributeValue",
        reason: notAUsername(
          pool,
          secret ? undefined : { asked: inputs.destinationUser.providerAttributeValue, other },
        ),
      });
    } else if (view === undefined && judgeExistence) {
      failures.push({
        property: "destinationUser.providerAttributeValue",
        reason: userNotFound(dest, pool),
      });
    }
    if (view && !view.entry) {
      const planned = ledger.planned(destinationKey(inputs, caseSensitive));
      const leaving = ledger.leaving(destinationKey(inputs, caseSensitive));
      const key = identityKey(source.providerName, source.providerAttributeValue);
      // A replaced link's old identity is unlinked before its replacement is linked (deleteBeforeReplace).
      const existing = linkedCount(
        view.identities.filter((i) => !leaving.has(identityKey(i.providerName, i.userId))),
      );
      const others = [...planned].filter(
        (k) => k !== key && !view.identities.some((i) => identityKey(i.providerName, i.userId) === k),
      );
      if (existing + others.length + 1 > MAX_IDENTITIES_PER_USER) {
        failures.push({
          property: failureProperty("destinationUser", redacted),
          reason: identityLimitAhead(dest, pool, identity, existing, others.length),
        });
      } else {
        planned.add(key);
      }
    }

    if (!view?.entry && source.providerAttributeName === COGNITO_SUBJECT) {
      const own = await findSignedInUser(
        session,
        pool,
        source.providerName,
        source.providerAttributeValue,
        Date.now() - SHARE_WINDOW_MS,
        caseSensitive,
      );
      if (own) {
        failures.push({
          property: "sourceUser.providerAttributeValue",
          reason: alreadySignedIn(identity, pool, describeUsername(own.username, inputs, redacted)),
        });
      }
    }
  } catch (e) {
    // Preflight is advice: a read it could not make (permissions, throttling) must not block the preview.
    const info = awsErrorInfo(e);
    console.error(
      preflightSkipped(identity, dest, pool, {
        name: info.name,
        message: redactText(info.message, inputs, redacted),
      }),
    );
  }
  return failures;
}
