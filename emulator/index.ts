// The emulator's programmatic entry: startEmulator(options) resolves to { url, port, close() }; the public surface.
import { randomInt } from "crypto";
import type { AddressInfo } from "net";
import { randomIds } from "./cognito/ids";
import { DEFAULT_ACCOUNT_ID } from "./cognito/responses";
import { type Clock, type Services, systemClock } from "./cognito/services";
import { Store } from "./cognito/store";
import { EmulatorConfigError } from "./emulatorErrors";
import { createEmulatorServer } from "./server";
import { FaultInjector, parseFaults } from "./tooling/faults";
import { parseQuotas, QuotaEnforcer } from "./tooling/quotas";
import { applySeed, loadSeedFile, readSeedDocument, type SeedDocument } from "./tooling/seed";
import { keepSaved, loadState } from "./tooling/stateFile";
import { StatsCounter } from "./tooling/stats";

export { AWS_DEFAULT_RATES } from "./cognito/quotaCategories";
export type { CognitoQuotaCategory } from "./cognito/quotaCategories";
export { operations } from "./cognito/registry";
export {
  type EmulatorControl,
  EmulatorControlError,
  emulatorControl,
  jsonOrUndefined,
  signIn,
  type SignInRequest,
} from "./control";
export { EmulatorConfigError } from "./emulatorErrors";
export { runEmulatorCli, spawnEmulator, type SpawnedEmulator, type SpawnOptions } from "./process";
export type { SignInResult } from "./tooling/externalSignIn";
export { parseFaults } from "./tooling/faults";
export type { FaultPlan } from "./tooling/faults";
export { parseQuotas } from "./tooling/quotas";
export type { QuotaPlan } from "./tooling/quotas";
export type { SeedDocument, SeedIdentityProvider, SeedPool, SeedUser } from "./tooling/seed";
export type { Stats } from "./tooling/stats";

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** `aws` for Cognito's default rates, or `UserUpdate=5,UserRead=50`; absent: no quotas. */
  quotas?: string;
  /** e.g. `internal=0.02,reset=0.01,latency=5-40`; absent: no faults. */
  faults?: string;
  /** Seed of the fault PRNG; the same seed gives the same faults to the same request sequence. Default: random. */
  faultSeed?: number;
  /** JSON file the state is loaded from at start and saved to after every change. */
  statePath?: string;
  /** JSON seed file applied at start. */
  seedPath?: string;
  /** A seed document applied at start (after `seedPath`). */
  seed?: SeedDocument;
  /** The 12-digit account id in ARNs; default 000000000000. */
  accountId?: string;
  /** Where unexpected errors are reported; default stderr. */
  log?: (message: string) => void;
  /** Time source; default the system clock. For tests. */
  clock?: Clock;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`: the endpoint to give the AWS SDK or CLI. */
  url: string;
  port: number;
  /** Stops accepting requests, drops idle keep-alive connections and resolves once closed. */
  close(): Promise<void>;
}

function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new EmulatorConfigError(`Invalid port ${port}: use 0 (any free port) or 1-65535`);
  }
  return port;
}

function checkAccountId(accountId: string): string {
  if (!/^\d{12}$/.test(accountId)) {
    throw new EmulatorConfigError(`Invalid account id "${accountId}": use 12 digits, e.g. 123456789012`);
  }
  return accountId;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const port = checkPort(options.port ?? 0);
  const quotaPlan = parseQuotas(options.quotas);
  const faultPlan = parseFaults(options.faults);
  if (options.faultSeed !== undefined && !Number.isInteger(options.faultSeed)) {
    throw new EmulatorConfigError(`Invalid fault seed ${options.faultSeed}: use an integer`);
  }
  const accountId = checkAccountId(options.accountId ?? DEFAULT_ACCOUNT_ID);
  const clock = options.clock ?? systemClock;
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));

  const { statePath } = options;
  const saved = statePath === undefined ? undefined : loadState(statePath);
  const store = saved === undefined ? new Store() : Store.fromState(saved);
  if (options.seedPath !== undefined)
    applySeed(store, loadSeedFile(options.seedPath), clock, options.seedPath);
  if (options.seed !== undefined) applySeed(store, readSeedDocument(options.seed, "option"), clock, "option");

  const save =
    statePath === undefined
      ? () => {}
      : keepSaved(statePath, store, { upToDate: saved !== undefined && store.changes === 0, log });

  const services: Services = { store, clock, ids: randomIds, accountId };
  const hasFaults =
    faultPlan.latency !== undefined ||
    faultPlan.internal + faultPlan.reset + faultPlan.internalAfter + faultPlan.resetAfter > 0;
  const server = createEmulatorServer({
    services,
    quotas: new QuotaEnforcer(quotaPlan, clock),
    faults: hasFaults ? new FaultInjector(faultPlan, options.faultSeed ?? randomInt(0x7fffffff)) : undefined,
    stats: new StatsCounter(),
    onChange: save,
    log,
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        new EmulatorConfigError(
          error.code === "EADDRINUSE"
            ? `Port ${port} on 127.0.0.1 is already in use`
            : `Cannot listen: ${error.message}`,
        ),
      );
    };
    server.once("error", onError);
    // Loopback only: the emulator checks no credentials.
    server.listen(port, "127.0.0.1", () => {
      server.off("error", onError);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
