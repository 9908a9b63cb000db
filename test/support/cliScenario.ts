// One real-CLI scenario: its own emulator process (seeded pool), its own stack, Cognito's view through the SDK.
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { Stats } from "../../emulator/tooling/stats";
import { identityLabels } from "./cognitoView";
import { POOL_ID, SEED_FILE } from "./links";
import { spawnEmulator, type SpawnedEmulator } from "./emulator";
import { CliStack, type CliStackOptions, type Program } from "./pulumi";
import { cognitoClient } from "./sdk";

export { POOL_ID };

export interface Scenario {
  emulator: SpawnedEmulator;
  client: CognitoIdentityProviderClient;
  stack: CliStack;
  /** `<provider>:<subject>` of each identity Cognito lists on the user, sorted. */
  identities(username: string): Promise<string[]>;
  /** Requests the emulator answered since the last call (and resets the counters). */
  requests(): Promise<Stats>;
}

/**
 * Registers the hooks of a describe block whose tests each start a scenario: a fresh emulator seeded with
 * test/support/fixtures/seed.json (pool us-east-1_EngineLinks: Google and CorpSAML; alice, bob, carol, dave)
 * and a fresh stack. Everything is stopped and removed after each test; a failed test prints what the CLI said.
 */
export function useScenarios(): {
  start(
    program: Program,
    options?: Partial<CliStackOptions> & { emulatorArgs?: string[] },
  ): Promise<Scenario>;
} {
  let current: Scenario | undefined;
  afterEach(async function () {
    const s = current;
    current = undefined;
    if (s === undefined) return;
    if (this.currentTest?.state === "failed") {
      console.log(`\n${s.stack.transcript.join("\n")}\nemulator stderr:\n${s.emulator.output().stderr}`);
    }
    s.client.destroy();
    await s.emulator.stop();
    await s.stack.dispose();
  });
  return {
    async start(program, options = {}) {
      const { emulatorArgs = [], ...stackOptions } = options;
      const emulator = await spawnEmulator(["--seed", SEED_FILE, ...emulatorArgs]);
      const client = cognitoClient(emulator.url);
      let stack: CliStack;
      try {
        stack = await CliStack.create({ emulatorUrl: emulator.url, program, ...stackOptions });
      } catch (e) {
        client.destroy();
        await emulator.stop();
        throw e;
      }
      current = {
        emulator,
        client,
        stack,
        identities: (username) => identityLabels(client, POOL_ID, username),
        requests: async () => {
          const stats = await emulator.stats();
          await emulator.resetStats();
          return stats;
        },
      };
      return current;
    },
  };
}
