// Entry point of the quickstart stack (Pulumi.yaml's main); the logic is in program.ts so tests can run it under mocks.
import { quickstart } from "./program";

const stack = quickstart();

export const userPoolId = stack.userPoolId;
export const linkIds = stack.linkIds;
