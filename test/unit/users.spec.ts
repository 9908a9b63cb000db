// Finding the Cognito user behind a destination or an identity: the usernames Cognito may give it.
import * as assert from "assert";
import { usernamesOf } from "../../provider/users";

describe("users.usernamesOf", () => {
  const cases: { it: string; provider: string; value: string; usernames: string[] }[] = [
    {
      it: "gives a native (Cognito) user its own username only, exactly as given",
      provider: "Cognito",
      value: "Alice",
      usernames: ["Alice"],
    },
    {
      it: "gives a federated user the exact spelling first, then the provider lower-cased, then all lower-cased",
      provider: "LoginWithAmazon",
      value: "amzn1.account.AFXYZ",
      usernames: [
        "LoginWithAmazon_amzn1.account.AFXYZ",
        "loginwithamazon_amzn1.account.AFXYZ",
        "loginwithamazon_amzn1.account.afxyz",
      ],
    },
    {
      it: "drops spellings that come out the same (a numeric subject)",
      provider: "Google",
      value: "1098765",
      usernames: ["Google_1098765", "google_1098765"],
    },
    {
      it: "gives one spelling when every one is already lower case",
      provider: "okta",
      value: "abc",
      usernames: ["okta_abc"],
    },
    {
      it: "keeps a SAML provider's name and value apart by the first underscore it adds",
      provider: "SAML-Corp",
      value: "Alice@Example.com",
      usernames: [
        "SAML-Corp_Alice@Example.com",
        "saml-corp_Alice@Example.com",
        "saml-corp_alice@example.com",
      ],
    },
    {
      it: "treats a provider named like Cognito in another case as federated (only `Cognito` is native)",
      provider: "cognito",
      value: "x",
      usernames: ["cognito_x"],
    },
  ];
  for (const c of cases) {
    it(c.it, () => assert.deepStrictEqual(usernamesOf(c.provider, c.value), c.usernames));
  }
});
