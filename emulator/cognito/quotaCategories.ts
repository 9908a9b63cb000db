// Cognito's request-rate quota categories and their default rates (docs/cognito.md §5); tooling/quotas.ts enforces them.
export const COGNITO_QUOTA_CATEGORIES = [
  "UserUpdate",
  "UserRead",
  "UserList",
  "UserCreation",
  "UserPoolRead",
] as const;
/** One of Cognito's categories; not provider/ratelimit.ts's QuotaCategory, the three the provider paces. */
export type CognitoQuotaCategory = (typeof COGNITO_QUOTA_CATEGORIES)[number];

/** Cognito's default rates, requests per second per account and region (docs/cognito.md §5). */
export const AWS_DEFAULT_RATES: Readonly<Record<CognitoQuotaCategory, number>> = {
  UserUpdate: 25,
  UserRead: 120,
  UserList: 30,
  UserCreation: 50,
  UserPoolRead: 15,
};
