// CreateUserPool's other members: what is set is what DescribeUserPool returns (emulator/README.md).
import * as assert from "assert";
import {
  CreateUserPoolCommand,
  type CreateUserPoolRequest,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { rawCall, useInProcessEmulator } from "../support/emulatorSuite";

describe("emulator CreateUserPool settings round trip", () => {
  const env = useInProcessEmulator();

  async function described(request: Omit<CreateUserPoolRequest, "PoolName">): Promise<UserPoolType> {
    const { UserPool } = await env.client.send(
      new CreateUserPoolCommand({ PoolName: "settings", ...request }),
    );
    const answer = await env.client.send(new DescribeUserPoolCommand({ UserPoolId: UserPool?.Id }));
    assert.deepStrictEqual(answer.UserPool, UserPool);
    return answer.UserPool ?? {};
  }

  it("returns LambdaConfig as set, in DescribeUserPool and ListUserPools", async () => {
    const lambdaConfig = {
      PreSignUp: "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up",
      PostConfirmation: "arn:aws:lambda:us-east-1:123456789012:function:post-confirmation",
      PreTokenGenerationConfig: {
        LambdaVersion: "V2_0" as const,
        LambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:pre-token",
      },
    };
    const pool = await described({ LambdaConfig: lambdaConfig });
    assert.deepStrictEqual(pool.LambdaConfig, lambdaConfig);
    const listed = await env.client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    assert.deepStrictEqual(
      listed.UserPools?.find((entry) => entry.Id === pool.Id)?.LambdaConfig,
      lambdaConfig,
    );
  });

  it("returns AccountRecoverySetting as set, and none when none is set", async () => {
    const setting = {
      RecoveryMechanisms: [
        { Priority: 1, Name: "verified_email" as const },
        { Priority: 2, Name: "verified_phone_number" as const },
      ],
    };
    assert.deepStrictEqual(
      (await described({ AccountRecoverySetting: setting })).AccountRecoverySetting,
      setting,
    );
    assert.strictEqual((await described({})).AccountRecoverySetting, undefined);
  });

  it("fills the legacy message members from VerificationMessageTemplate", async () => {
    const pool = await described({
      VerificationMessageTemplate: {
        EmailMessage: "Your code is {####}",
        EmailSubject: "Your code",
        SmsMessage: "Code {####}",
        DefaultEmailOption: "CONFIRM_WITH_LINK",
        EmailMessageByLink: "Click {##here##}",
        EmailSubjectByLink: "Verify",
      },
    });
    assert.deepStrictEqual(pool.VerificationMessageTemplate, {
      EmailMessage: "Your code is {####}",
      EmailSubject: "Your code",
      SmsMessage: "Code {####}",
      DefaultEmailOption: "CONFIRM_WITH_LINK",
      EmailMessageByLink: "Click {##here##}",
      EmailSubjectByLink: "Verify",
    });
    assert.strictEqual(pool.EmailVerificationMessage, "Your code is {####}");
    assert.strictEqual(pool.EmailVerificationSubject, "Your code");
    assert.strictEqual(pool.SmsVerificationMessage, "Code {####}");
  });

  it("fills VerificationMessageTemplate from the legacy members, with CONFIRM_WITH_CODE", async () => {
    const pool = await described({ EmailVerificationMessage: "Code {####}", EmailVerificationSubject: "Hi" });
    assert.deepStrictEqual(pool.VerificationMessageTemplate, {
      DefaultEmailOption: "CONFIRM_WITH_CODE",
      EmailMessage: "Code {####}",
      EmailSubject: "Hi",
    });
    assert.strictEqual(pool.EmailVerificationMessage, "Code {####}");
  });

  it("returns every other member of CreateUserPool as set", async () => {
    const request = {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 10,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: false,
          RequireSymbols: false,
          TemporaryPasswordValidityDays: 3,
          PasswordHistorySize: 4,
        },
        SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD" as const] },
      },
      SmsAuthenticationMessage: "Your MFA code is {####}",
      MfaConfiguration: "OPTIONAL" as const,
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email" as const] },
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      EmailConfiguration: {
        EmailSendingAccount: "DEVELOPER" as const,
        SourceArn: "arn:aws:ses:us-east-1:123456789012:identity/example.com",
        From: "no-reply@example.com",
      },
      SmsConfiguration: {
        SnsCallerArn: "arn:aws:iam::123456789012:role/sms",
        ExternalId: "x",
        SnsRegion: "us-east-1",
      },
      AdminCreateUserConfig: {
        AllowAdminCreateUserOnly: true,
        UnusedAccountValidityDays: 3,
        InviteMessageTemplate: { EmailMessage: "Hello {username} {####}", EmailSubject: "Welcome" },
      },
      UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" as const },
      UserPoolTier: "PLUS" as const,
    };
    const pool = await described(request);
    for (const [name, value] of Object.entries(request)) {
      assert.deepStrictEqual(pool[name as keyof UserPoolType], value, name);
    }
  });

  it("reports defaults for what is not set", async () => {
    const pool = await described({});
    assert.deepStrictEqual(pool.LambdaConfig, {});
    assert.strictEqual(pool.MfaConfiguration, "OFF");
    assert.deepStrictEqual(pool.EmailConfiguration, { EmailSendingAccount: "COGNITO_DEFAULT" });
    assert.deepStrictEqual(pool.VerificationMessageTemplate, { DefaultEmailOption: "CONFIRM_WITH_CODE" });
    assert.deepStrictEqual(pool.AdminCreateUserConfig, {
      AllowAdminCreateUserOnly: false,
      UnusedAccountValidityDays: 7,
    });
    assert.strictEqual(pool.UserPoolTier, "ESSENTIALS");
  });

  it("refuses enum values outside the model, all at once", async () => {
    await assert.rejects(
      env.client.send(
        new CreateUserPoolCommand({
          PoolName: "bad",
          MfaConfiguration: "SOMETIMES" as never,
          UserPoolTier: "GOLD" as never,
        }),
      ),
      {
        name: "InvalidParameterException",
        message:
          "2 validation errors detected: " +
          "Value 'SOMETIMES' at 'MfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]; " +
          "Value 'GOLD' at 'UserPoolTier' failed to satisfy constraint: Member must satisfy enum value set: [LITE, ESSENTIALS, PLUS]",
      },
    );
  });

  it("reports a missing PoolName before judging the settings, as input validation comes first", async () => {
    const answer = await rawCall(env.emulator.url, "CreateUserPool", {
      AliasAttributes: ["email"],
      UsernameAttributes: ["email"],
    });
    assert.strictEqual(answer.status, 400);
    assert.match(
      answer.text,
      /Value null at 'PoolName' failed to satisfy constraint: Member must not be null/,
    );
  });
});
