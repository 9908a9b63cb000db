// The plain shapes of a link's inputs and outputs: the one source of truth that resource.ts wraps in pulumi.Input<>.

/** Cognito's own name for native (username/password) users: valid as a destination only. */
export const COGNITO_PROVIDER = "Cognito";
/** The attribute that names an external identity's subject (`sub` / `id` / `user_id`). */
export const COGNITO_SUBJECT = "Cognito_Subject";
/** Social providers: in a pool, their provider name equals their type, and they link by subject only. */
export const SOCIAL_PROVIDERS: readonly string[] = [
  "Google",
  "Facebook",
  "LoginWithAmazon",
  "SignInWithApple",
];
/** Hard Cognito quota: identities linked to one user. */
export const MAX_IDENTITIES_PER_USER = 5;
/** Version of the output shape written to state; read() and delete() accept every earlier one. */
export const SCHEMA_VERSION = 1;
/**
 * The engine's marker for a value not known yet during preview (pulumi/pulumi#6310). It reaches check and
 * diff in place of any field, whatever its type. Copied here so provider code never imports @pulumi/pulumi.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The destination: an existing user of the pool, native (`Cognito`, the default) or federated. */
export interface DestinationUser {
  /** `Cognito` (the default) for a native user, or the provider of a federated user. */
  providerName?: string;
  /** Ignored by Cognito (accepted for the API's shape, then dropped). */
  providerAttributeName?: string;
  /** The username (native) or the provider's user id (federated). */
  providerAttributeValue: string;
}

/** The source: an external identity that has not signed in yet. */
export interface SourceUser {
  /** The identity provider's name in the pool (`Google`, `Facebook`, `LoginWithAmazon`, `SignInWithApple`, a SAML or OIDC provider). */
  providerName: string;
  /** `Cognito_Subject` (the default), or for SAML/OIDC a claim mapped to a pool attribute. */
  providerAttributeName?: string;
  /** The subject, or the value of that claim. */
  providerAttributeValue: string;
}

/** What a user declares (before defaults). */
export interface LinkArgs {
  /** The user pool, e.g. `us-east-1_AbC123`; its region (the prefix) is where the provider calls Cognito. */
  userPoolId: string;
  /**
   * The pool's user that receives the link: a native user by username (`{ providerAttributeValue: "alice" }`),
   * or a federated user (`providerName` and that provider's user id). Never an alias or sub.
   */
  destinationUser: DestinationUser;
  /**
   * The external identity to link, which must not have signed in yet: `{ providerName: "Google",
   * providerAttributeValue: <subject> }`; never `Cognito`. The subject may be a secret.
   */
  sourceUser: SourceUser;
}

/** Which identifying values were secret in the program, so they never appear in the id or in error texts. */
export type RedactableField = "destinationUser" | "sourceUser";

/** `T` with the fields `K` made required: their defaults are applied. */
export type WithDefaults<T, K extends keyof T> = Omit<T, K> & Required<Pick<T, K>>;

/**
 * A link with every default applied: what check returns and what create, read and delete work from. A
 * destination's attribute name is never set: Cognito ignores it, and validation drops it.
 */
export interface Link {
  userPoolId: string;
  destinationUser: WithDefaults<DestinationUser, "providerName">;
  sourceUser: Required<SourceUser>;
}

/** The hints the resource class adds to a link's inputs (computed by UserProviderLink, not set by users). */
export interface LinkHints {
  /** Fields whose value was a secret in the program. */
  redactInId?: RedactableField[];
  /**
   * `true` once every resource the link depends on exists; the engine sends the unknown marker in a preview
   * where one of them is still to be created, and preflight then skips the existence checks it would fail.
   * `false` when the link depends on a component, whose resources it cannot see: existence is never judged.
   */
  dependenciesReady?: boolean;
  /**
   * `true` when the resource has the `retainOnDelete` option: the engine then skips every delete of it,
   * including the delete half of a replacement, so the old identity stays linked (present only when true,
   * so states without the option are unchanged).
   */
  retainOnDelete?: boolean;
}

/** Inputs as the provider receives them from check: the link plus the resource class's hints. */
export type LinkInputs = Link & LinkHints;

/** What Cognito says of a link, stored beside it. */
export interface LinkFacts {
  /** The source provider's type as Cognito reports it: Google, Facebook, LoginWithAmazon, SignInWithApple, SAML or OIDC. */
  providerType: string;
  /** When Cognito recorded the link (ISO 8601, from the identity's `dateCreated`). */
  linkedAt: string;
  /** The version of this shape (SCHEMA_VERSION). */
  schemaVersion: number;
}

/** What create and read return and the engine stores: the inputs echoed (diff gets these as olds, pulumi/pulumi#2931) plus facts. */
export interface LinkOutputs extends Link, LinkFacts {
  redactInId: RedactableField[];
}
