// The public surface of the package: the resource, its argument types and the id codec.
export { UserProviderLink, UserProviderLinkArgs, DeepInput, Inputs } from "./resource";
export { DestinationUser, SourceUser, LinkArgs, LinkOutputs, SCHEMA_VERSION } from "./inputs";
export { encodeLinkId, decodeLinkId, DecodedId, ID_VERSION } from "./id";
export {
  type UserProviderLinkError,
  type UserProviderLinkErrorKind,
  isUserProviderLinkError,
} from "./errors";
export { PREFLIGHT_ENV } from "./preflight";
export { RATE_LIMITS_ENV } from "./ratelimit";
export { MAX_ATTEMPTS_ENV } from "./cognito";
export { SeededUserLinks, SeededUserLinksArgs, SeededUser } from "./seeded/component";
export { SeededLinkEntry } from "./seeded/entries";
export { seededLinkName } from "./seeded/naming";
