import * as assert from "assert";
import { awsErrorInfo, classify, cognitoFailure, ErrorKind } from "../../provider/errors";
import { aLink } from "../support/builders";

const TABLE: [string, string, ErrorKind][] = [
  ["ResourceNotFoundException", "User pool us-east-1_x does not exist.", "poolNotFound"],
  ["UserNotFoundException", "User does not exist.", "userNotFound"],
  [
    "InvalidParameterException",
    "Merging is not currently supported, provide a SourceUser that has not been signed up in order to link",
    "alreadySignedIn",
  ],
  ["InvalidParameterException", "SourceUser is already linked to DestinationUser", "alreadyLinked"],
  [
    "InvalidParameterException",
    "Account isn't linked to anyone else, verify that the account has been linked",
    "notLinked",
  ],
  ["InvalidParameterException", "Something else", "invalidParameter"],
  ["LimitExceededException", "", "limitExceeded"],
  ["NotAuthorizedException", "", "denied"],
  ["AccessDeniedException", "", "denied"],
  ["TooManyRequestsException", "", "throttled"],
  ["InternalErrorException", "", "transient"],
  ["ECONNRESET", "socket hang up", "transient"],
  ["CredentialsProviderError", "Could not load credentials from any providers", "noCredentials"],
  ["Error", "ENOENT: no such file or directory, open '/var/run/web identity token'", "noCredentials"],
  ["WeirdException", "", "other"],
];

describe("errors.classify", () => {
  for (const [name, message, kind] of TABLE) {
    it(`classifies ${name}${message ? ` "${message.slice(0, 30)}"` : ""} as ${kind}`, () => {
      assert.strictEqual(classify({ name, message }), kind);
    });
  }

  it("reads name, message and request id off an SDK error", () => {
    const e = Object.assign(new Error("User does not exist."), {
      name: "UserNotFoundException",
      $metadata: { requestId: "req-1", httpStatusCode: 400 },
    });
    assert.deepStrictEqual(awsErrorInfo(e), {
      name: "UserNotFoundException",
      message: "User does not exist.",
      requestId: "req-1",
      httpStatus: 400,
    });
  });

  it("uses a network error's code as its name", () => {
    const e = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    assert.strictEqual(awsErrorInfo(e).name, "ECONNRESET");
  });
});

describe("errors.cognitoFailure", () => {
  it("names the operation, pool, user, identity, AWS error, request id and remedy", () => {
    const err = cognitoFailure(
      { name: "InvalidParameterException", message: "Merging is not currently supported", requestId: "r-42" },
      { operation: "AdminLinkProviderForUser", link: aLink(), signedInAs: "google_1098765" },
    );
    for (const part of [
      "link",
      "Google/1098765",
      "user alice",
      "us-east-1_TestPool1",
      "InvalidParameterException",
      "r-42",
      "signed in as user google_1098765",
      "delete that user or link another subject",
    ]) {
      assert.ok(err.message.includes(part), `missing "${part}" in: ${err.message}`);
    }
  });

  it("keeps a secret subject out of the message", () => {
    const link = aLink({ sourceUser: { providerAttributeValue: "alice@example.com" } });
    const err = cognitoFailure(
      { name: "LimitExceededException", message: "limit" },
      { operation: "AdminLinkProviderForUser", link, redacted: ["sourceUser"] },
    );
    assert.ok(!err.message.includes("alice@example.com"), err.message);
    assert.match(err.message, /Google\/<secret>/);
  });
});
