// AdminCreateUser: a native user (status FORCE_CHANGE_PASSWORD) with a new sub and the given attributes.
import type { AdminCreateUserResponse } from "@aws-sdk/client-cognito-identity-provider";
import { InvalidParameterException, UsernameExistsException, UserNotFoundException } from "../errors";
import { readUserPoolId, readUsername } from "../members";
import { checkPassword } from "../passwordPolicy";
import { RequestReader } from "../../jsonReader";
import { checkNewUserAttributes } from "../schema";
import type { RequestContext, Services } from "../services";
import { userType } from "../responses";
import type { Pool } from "../store";

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const PHONE_NUMBER = /^\+[0-9]{4,15}$/;

function readAttributes(reader: RequestReader): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const entry of reader.optionalStructList("UserAttributes") ?? []) {
    const name = entry.requiredString("Name");
    entry.checkLength("Name", name, 1, 32);
    const value = entry.optionalString("Value") ?? "";
    entry.checkLength("Value", value, 0, 2048);
    attributes[name] = value;
  }
  return attributes;
}

/**
 * In a pool whose users sign in with their email or phone number (UsernameAttributes), the given
 * Username must be one of those; it becomes that attribute, and the username becomes the sub.
 */
function signInAttribute(pool: Pool, username: string): "email" | "phone_number" | undefined {
  const allowed = pool.info.settings.usernameAttributes;
  if (allowed.length === 0) return undefined;
  if (allowed.includes("email") && EMAIL.test(username)) return "email";
  if (allowed.includes("phone_number") && PHONE_NUMBER.test(username)) return "phone_number";
  const expected =
    allowed.length > 1
      ? "either an email or a phone number"
      : allowed[0] === "email"
        ? "an email"
        : "a phone number";
  throw new InvalidParameterException(`Username should be ${expected}.`);
}

export type AdminCreateUserTarget = (ctx: RequestContext, body: unknown) => AdminCreateUserResponse;

export const AdminCreateUser =
  ({ store, clock, ids }: Pick<Services, "store" | "clock" | "ids">): AdminCreateUserTarget =>
  (ctx, body) => {
    const reader = RequestReader.of(body);
    const poolId = readUserPoolId(reader);
    const requestedName = readUsername(reader);
    const attributes = readAttributes(reader);
    const temporaryPassword = reader.optionalString("TemporaryPassword");
    const messageActionName = reader.optionalString("MessageAction");
    const messageAction =
      messageActionName === undefined
        ? undefined
        : reader.checkEnum("MessageAction", messageActionName, ["RESEND", "SUPPRESS"] as const);
    for (const medium of reader.optionalStringList("DesiredDeliveryMediums") ?? []) {
      reader.checkEnum("DesiredDeliveryMediums", medium, ["SMS", "EMAIL"] as const);
    }

    reader.validate();
    const pool = store.pool(ctx.region, poolId);
    if (messageAction === "RESEND") {
      // Resending an invitation needs the user to exist already; nothing is sent here.
      const existing = pool.findUser(requestedName);
      if (existing === undefined) throw new UserNotFoundException();
      return { User: userType(existing) };
    }
    checkNewUserAttributes(pool.info.settings.schema, attributes);
    if (temporaryPassword !== undefined) checkPassword(pool.info.settings.passwordPolicy, temporaryPassword);

    const sub = ids.sub();
    let username = requestedName;
    const attribute = signInAttribute(pool, requestedName);
    if (attribute !== undefined) {
      if (pool.userWithAttribute(attribute, requestedName) !== undefined) {
        throw new UsernameExistsException(`An account with the given ${attribute} already exists.`);
      }
      attributes[attribute] = attributes[attribute] ?? requestedName;
      username = sub;
    } else if (pool.userByUsername(requestedName) !== undefined) {
      throw new UsernameExistsException("User account already exists");
    }

    const now = clock.now();
    const user = {
      username,
      sub,
      attributes,
      status: "FORCE_CHANGE_PASSWORD" as const,
      enabled: true,
      createdAt: now,
      lastModifiedAt: now,
      identities: [],
      passwordSignInDisabled: false,
    };
    pool.addUser(user);
    return { User: userType(user) };
  };
