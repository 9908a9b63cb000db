// A user pool, its Google and SAML identity providers, test users and their links, all in one stack.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
// In your own project: import { SeededLinkEntry, SeededUserLinks } from "pulumi-cognito-user-provider-link";
import { SeededLinkEntry, SeededUserLinks } from "../../provider";

export interface TestUser {
  username: string;
  email: string;
}

export interface SeededTestUsersSettings {
  googleClientId: pulumi.Input<string>;
  googleClientSecret: pulumi.Input<string>;
  samlMetadataUrl: pulumi.Input<string>;
  /** The test users' (permanent) password; stored only as a secret. */
  password: pulumi.Input<string>;
  users: TestUser[];
  links: SeededLinkEntry[];
}

/** The provider names the links use: they must match the identity providers' names in the pool. */
export const GOOGLE = "Google";
export const SAML = "CorpSAML";

export const DEFAULT_USERS: TestUser[] = [
  { username: "alice", email: "alice@example.com" },
  { username: "bob", email: "bob@example.com" },
  { username: "carol", email: "carol@example.com" },
];

/** Replace the subjects with your test accounts': Google's `sub` claim, your IdP's SAML NameID. */
export const DEFAULT_LINKS: SeededLinkEntry[] = [
  { username: "alice", provider: GOOGLE, subject: "100000000000000000001" },
  { username: "alice", provider: SAML, subject: "alice@corp.example.com" },
  { username: "bob", provider: GOOGLE, subject: "100000000000000000002" },
  { username: "carol", provider: SAML, attribute: { name: "email", value: "carol@corp.example.com" } },
];

/**
 * Stack config: `googleClientId`, `samlMetadataUrl`, the secrets `googleClientSecret` and `testUserPassword`
 * (`pulumi config set --secret`), and optionally `testUsers` and `links` (JSON, `--path` or `pulumi config set-all`).
 */
export function settingsFromConfig(config: pulumi.Config = new pulumi.Config()): SeededTestUsersSettings {
  return {
    googleClientId: config.require("googleClientId"),
    googleClientSecret: config.requireSecret("googleClientSecret"),
    samlMetadataUrl: config.require("samlMetadataUrl"),
    password: config.requireSecret("testUserPassword"),
    users: config.getObject<TestUser[]>("testUsers") ?? DEFAULT_USERS,
    links: config.getObject<SeededLinkEntry[]>("links") ?? DEFAULT_LINKS,
  };
}

export function seededTestUsers(settings: SeededTestUsersSettings) {
  const pool = new aws.cognito.UserPool("test-users", {
    usernameConfiguration: { caseSensitive: false },
    adminCreateUserConfig: { allowAdminCreateUserOnly: true },
    autoVerifiedAttributes: ["email"],
    // A test pool: `pulumi destroy` may remove it. Use ACTIVE for a pool that holds real users.
    deletionProtection: "INACTIVE",
  });

  const google = new aws.cognito.IdentityProvider("google", {
    userPoolId: pool.id,
    providerName: GOOGLE,
    providerType: "Google",
    providerDetails: {
      client_id: settings.googleClientId,
      client_secret: pulumi.secret(settings.googleClientSecret),
      authorize_scopes: "openid email profile",
    },
    attributeMapping: { email: "email", username: "sub" },
  });

  const saml = new aws.cognito.IdentityProvider("corp-saml", {
    userPoolId: pool.id,
    providerName: SAML,
    providerType: "SAML",
    providerDetails: { MetadataURL: settings.samlMetadataUrl },
    // The `email` claim is what an attribute entry (carol's) links by.
    attributeMapping: { email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" },
  });

  const users: Record<string, aws.cognito.User> = {};
  for (const u of settings.users) {
    users[u.username] = new aws.cognito.User(`test-user-${u.username}`, {
      userPoolId: pool.id,
      username: u.username,
      // A permanent password confirms the user; no invitation email is sent.
      password: pulumi.secret(settings.password),
      messageAction: "SUPPRESS",
      attributes: { email: u.email, email_verified: "true" },
    });
  }

  // Each link takes its pool id and username from the aws.cognito.User outputs, and waits for both providers.
  const links = new SeededUserLinks(
    "test-user-links",
    { userPoolId: pool.id, users, links: settings.links },
    { dependsOn: [google, saml] },
  );

  return { pool, google, saml, users, links };
}
