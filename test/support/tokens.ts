// The type token tests expect, written out: it is a promise to users (the stable API), so a test must not derive
// it from provider/resource.ts, which would follow a change instead of catching it.
export const LINK_TYPE = "pulumi-nodejs:dynamic/cognito:UserProviderLink";
