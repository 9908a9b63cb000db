import * as assert from "assert";
import {
  findIdentity,
  isIdentitiesFormatError,
  linkedCount,
  parseIdentities,
} from "../../provider/identities";

describe("identities", () => {
  it("parses the attribute as Cognito writes it", () => {
    const raw =
      '[{"userId":"a1","providerName":"SignInWithApple","providerType":"SignInWithApple","issuer":null,"primary":false,"dateCreated":1701125599632}]';
    assert.deepStrictEqual(parseIdentities(raw), [
      {
        userId: "a1",
        providerName: "SignInWithApple",
        providerType: "SignInWithApple",
        issuer: null,
        primary: false,
        dateCreated: 1701125599632,
      },
    ]);
  });

  it("parses the all-strings form of ID tokens", () => {
    const [i] = parseIdentities(
      '[{"userId":"1","providerName":"Google","providerType":"Google","issuer":"null","primary":"true","dateCreated":"1701125599632"}]',
    );
    assert.strictEqual(i?.primary, true);
    assert.strictEqual(i?.dateCreated, 1701125599632);
    assert.strictEqual(i?.issuer, null);
  });

  it("treats an absent attribute as no links", () => {
    assert.deepStrictEqual(parseIdentities(undefined), []);
  });

  for (const bad of ["{", "{}", "[1]", '[{"providerName":"Google"}]']) {
    it(`refuses the corrupt value ${bad}`, () => {
      assert.throws(
        () => parseIdentities(bad),
        (e: unknown) => isIdentitiesFormatError(e) && e instanceof Error,
      );
    });
  }

  it("finds an entry by provider and value and counts linked ones only", () => {
    const ids = parseIdentities(
      '[{"userId":"1","providerName":"Google","primary":true},{"userId":"2","providerName":"Google","primary":false}]',
    );
    assert.strictEqual(findIdentity(ids, "Google", "2")?.userId, "2");
    assert.strictEqual(findIdentity(ids, "Facebook", "2"), undefined);
    assert.strictEqual(linkedCount(ids), 1);
  });

  it("quotes a value that is not JSON without the subjects in it, which other links may hold as secrets", () => {
    const raw =
      '[{"userId":"SIBLING-SECRET-1","providerName":"Google"},{"userId" : "MINE-2","providerName":"Goo';
    let message = "";
    try {
      parseIdentities(raw);
    } catch (e) {
      assert.ok(isIdentitiesFormatError(e));
      message = (e as Error).message;
    }
    assert.match(
      message,
      /^the identities attribute is not JSON: \[\{"userId":"…","providerName":"Google"\}/,
    );
    assert.ok(!/SIBLING-SECRET-1|MINE-2/.test(message), message);
  });
});
