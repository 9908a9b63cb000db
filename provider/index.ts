// The public surface of the package: the resource, its argument types and the id codec.
export { UserProviderLink, UserProviderLinkArgs, DeepInput, Inputs } from "./resource";
export { DestinationUser, SourceUser, LinkArgs, LinkOutputs, SCHEMA_VERSION } from "./inputs";
export { encodeLinkId, decodeLinkId, DecodedId, ID_VERSION } from "./id";
export {
  type UserProviderLinkError,
  type UserProviderLinkErrorKind,
  isUserProviderLinkError,
} from "./errors";
export { PREFLIGHT_ENV, RATE_LIMITS_ENV, MAX_ATTEMPTS_ENV } from "./config";
export { SeededUserLinks, SeededUserLinksArgs, SeededUser } from "./seeded/component";
export { SeededLinkEntry } from "./seeded/entries";
export { seededLinkName } from "./seeded/naming";
