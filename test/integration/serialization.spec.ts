// The provider as the engine stores it: serialized by @pulumi/pulumi, evaluated back as the host does.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { UserProviderLinkProvider } from "../../provider/provider";
import { resetProcessRuntime } from "../../provider/runtime";
import { spawnEmulator } from "../support/emulator";
import { aLink } from "../support/builders";
import { makeWorld, useEmulatorEnv } from "../support/world";

// The host evaluates `__provider` with require-from-string and calls `.handler()` (cmd/dynamic-provider).
const requireFromString: (code: string) => {
  handler: () => UserProviderLinkProvider;
} = require("require-from-string");

async function serialize(): Promise<string> {
  const provider = new UserProviderLinkProvider();
  const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return sf.text;
}

describe("serialized provider", () => {
  it("holds no AWS environment value, credential or endpoint", async () => {
    const saved = { ...process.env };
    const markers: string[] = [];
    try {
      for (const name of [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_PROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
        "COGNITO_LINK_RATE_LIMITS",
      ]) {
        const marker = `MARKER${markers.length}X${Math.random().toString(36).slice(2)}`;
        markers.push(marker);
        process.env[name] = name.startsWith("AWS_ENDPOINT") ? `http://127.0.0.1:1/${marker}` : marker;
      }
      // Exercise the provider first, so any value it would cache is there to be captured.
      const provider = new UserProviderLinkProvider();
      await provider.check({}, { ...aLink(), __provider: "x" }).catch(() => undefined);
      const text = await serialize();
      for (const m of markers) assert.ok(!text.includes(m), `serialized provider contains ${m}`);
      assert.ok(!/AKIA|aws_secret|secretAccessKey\s*[:=]\s*["'][^"']/.test(text));
    } finally {
      process.env = saved;
      resetProcessRuntime();
    }
  });

  it("requires npm packages instead of copying them, and stays small", async () => {
    const text = await serialize();
    assert.match(text, /require\("@aws-sdk\/client-cognito-identity-provider[^"]*"\)/);
    assert.ok(
      !text.includes("@pulumi/pulumi"),
      "the provider must not capture @pulumi/pulumi (pulumi/pulumi#13960)",
    );
    assert.ok(text.length < 150_000, `serialized provider is ${text.length} characters`);
  });

  it("evaluates back as the host does and links against the emulator", async () => {
    const emu = await spawnEmulator();
    const restore = useEmulatorEnv(emu.url);
    try {
      resetProcessRuntime();
      const world = await makeWorld(emu.url, ["alice"]);
      const provider = requireFromString(await serialize()).handler();
      const link = aLink({ userPoolId: world.poolId });
      const checked = await provider.check({}, link);
      assert.deepStrictEqual(checked.failures, []);
      const { id, outs } = await provider.create(checked.inputs);
      assert.strictEqual((await provider.read(id, outs)).id, id);
      resetProcessRuntime(); // the delete of a later deployment: this one's check declared the link
      await provider.delete(id, outs);
      assert.strictEqual((await provider.read(id, outs)).id, "");
    } finally {
      restore();
      await emu.stop();
    }
  });
});
