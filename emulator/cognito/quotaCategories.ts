// Cognito's request-rate quota categories and their default rates (docs/cognito.md §5); tooling/quotas.ts enforces them.
export const QUOTA_CATEGORIES = [
  "UserUpdate",
  "UserRead",
  "UserList",
  "UserCreation",
  "UserPoolRead",
] as const;
export type QuotaCategory = (typeof QUOTA_CATEGORIES)[number];

/** Cognito's default rates, requests per second per account and region (docs/cognito.md §5). */
export const AWS_DEFAULT_RATES: Readonly<Record<QuotaCategory, number>> = {
  UserUpdate: 25,
  UserRead: 120,
  UserList: 30,
  UserCreation: 50,
  UserPoolRead: 15,
};
