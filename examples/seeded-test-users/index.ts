// Entry point of the stack; the logic is in program.ts so tests can run it under mocks.
import { seededTestUsers, settingsFromConfig } from "./program";

const stack = seededTestUsers(settingsFromConfig());

export const userPoolId = stack.pool.id;
export const userPoolArn = stack.pool.arn;
export const testUsernames = Object.keys(stack.users);
export const linkIds = Object.fromEntries(Object.entries(stack.links.links).map(([name, l]) => [name, l.id]));
