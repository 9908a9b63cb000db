// UserProviderLink, the resource users declare: the only runtime import of @pulumi/pulumi.
import * as pulumi from "@pulumi/pulumi";
import { DestinationUser, LinkArgs, LinkOutputs, RedactableField, SourceUser } from "./inputs";
import { argsRequired, importUnsupported } from "./messages";
import { UserProviderLinkProvider } from "./provider";

/** Every field of a plain shape wrapped in pulumi.Input, at every depth: derived so the two never drift apart. */
export type DeepInput<T> = { [K in keyof T]: pulumi.Input<T[K] extends object ? DeepInput<T[K]> : T[K]> };

/** @deprecated Renamed {@link DeepInput}: in hover text `Inputs<...>` read like `pulumi.Inputs`. */
export type Inputs<T> = DeepInput<T>;

/** The arguments of a {@link UserProviderLink}: {@link LinkArgs}, each field a `pulumi.Input`. */
export type UserProviderLinkArgs = DeepInput<LinkArgs>;

/** The type token is permanent API: `pulumi-nodejs:dynamic/cognito:UserProviderLink`. */
export const MODULE = "cognito";
export const TYPE = "UserProviderLink";

const provider = new UserProviderLinkProvider();

/** The resources behind an input, read without waiting: an Output knows them (an internal but long-stable method). */
function resourcesOf(value: unknown, into: Set<pulumi.Resource>): void {
  if (pulumi.Output.isInstance(value)) {
    const r = (value as unknown as { resources?: () => Set<pulumi.Resource> }).resources;
    if (typeof r === "function") r.call(value).forEach((res) => into.add(res));
  } else if (typeof value === "object" && value !== null) {
    Object.values(value).forEach((v) => resourcesOf(v, into));
  }
}

/**
 * `true` once every custom resource the link depends on has an id. In a preview where one of them is still
 * to be created its id is unknown, so this is too, and preflight does not report the user or identity
 * provider it would otherwise not find.
 */
function dependenciesReady(
  args: UserProviderLinkArgs,
  opts?: pulumi.CustomResourceOptions,
): pulumi.Output<boolean> {
  const deps = new Set<pulumi.Resource>();
  resourcesOf(args, deps);
  // Explicit dependsOn: plain resources are read directly (an Output of them is left to the engine's ordering).
  const explicit = opts?.dependsOn;
  for (const r of Array.isArray(explicit) ? explicit : [explicit]) {
    if (pulumi.Resource.isInstance(r)) deps.add(r);
  }
  // A component (in dependsOn, or behind an input) hides which resources it makes: judge nothing then.
  if ([...deps].some((r) => !pulumi.CustomResource.isInstance(r))) return pulumi.output(false);
  const ids = [...deps].map((r) => (r as pulumi.CustomResource).id);
  return pulumi.all(ids).apply(() => true);
}

/** Which identifying values are secrets in the program, so the id and error texts never carry them. */
function secretFields(args: UserProviderLinkArgs): pulumi.Output<RedactableField[]> {
  const check = (
    field: RedactableField,
    user: pulumi.Input<DeepInput<DestinationUser> | DeepInput<SourceUser>>,
  ) =>
    pulumi
      .output(pulumi.isSecret(pulumi.output(pulumi.output(user).providerAttributeValue)))
      .apply((secret) => (secret ? [field] : []));
  return pulumi
    .all([check("destinationUser", args.destinationUser), check("sourceUser", args.sourceUser)])
    .apply(([a, b]) => [...a, ...b]);
}

/**
 * A link between a Cognito user-pool user (the destination) and an external identity that has not signed in
 * yet (the source). Create calls AdminLinkProviderForUser; delete calls AdminDisableProviderForUser; every
 * change replaces the link, deleting the old one first.
 *
 * ```ts
 * new UserProviderLink("alice-google", {
 *   userPoolId: pool.id,
 *   destinationUser: { providerAttributeValue: alice.username },
 *   sourceUser: { providerName: "Google", providerAttributeValue: "1098765" },
 * });
 * ```
 */
export class UserProviderLink extends pulumi.dynamic.Resource {
  /** The user pool of the link, as given. */
  public readonly userPoolId!: pulumi.Output<string>;
  /** The destination user with defaults applied (`providerName` `Cognito` for a native user); secret if given so. */
  public readonly destinationUser!: pulumi.Output<LinkOutputs["destinationUser"]>;
  /** The linked identity with defaults applied (`providerAttributeName` `Cognito_Subject`); secret if given so. */
  public readonly sourceUser!: pulumi.Output<LinkOutputs["sourceUser"]>;
  /** The source provider's type: Google, Facebook, LoginWithAmazon, SignInWithApple, SAML or OIDC. */
  public readonly providerType!: pulumi.Output<string>;
  /** When Cognito recorded the link (ISO 8601). */
  public readonly linkedAt!: pulumi.Output<string>;
  /**
   * The version of the shape this link's state was written in (1). Every release reads every earlier version;
   * a state written by a newer release is refused with a request to upgrade the package.
   */
  public readonly schemaVersion!: pulumi.Output<number>;

  constructor(name: string, args: UserProviderLinkArgs, opts?: pulumi.CustomResourceOptions) {
    if (opts?.import !== undefined) {
      // The engine would ask the dynamic-provider host to read a resource that has no serialized provider yet,
      // and the host fails with "code must be a string, not undefined" (pulumi/pulumi#16175).
      throw new Error(importUnsupported(name));
    }
    if (!args || typeof args !== "object") {
      throw new Error(argsRequired(name));
    }
    super(
      provider,
      name,
      {
        userPoolId: args.userPoolId,
        destinationUser: args.destinationUser,
        sourceUser: args.sourceUser,
        redactInId: secretFields(args),
        dependenciesReady: dependenciesReady(args, opts),
        // Only when set, so the inputs of links without the option stay as they were.
        ...(opts?.retainOnDelete ? { retainOnDelete: true } : {}),
        providerType: undefined,
        linkedAt: undefined,
        schemaVersion: undefined,
      },
      // The delete names only the source identity, so a replacement must delete first (see diff.ts).
      { ...opts, deleteBeforeReplace: true },
      MODULE,
      TYPE,
    );
  }
}
