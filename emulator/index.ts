// The emulator's programmatic entry: startEmulator(options) resolves to { url, port, close() }; the public surface.
import { randomInt } from "crypto";
import type { Server } from "http";
import type { AddressInfo } from "net";
import { randomIds } from "./cognito/ids";
import { DEFAULT_ACCOUNT_ID } from "./cognito/responses";
import { type Clock, type Services, systemClock } from "./cognito/services";
import { Store } from "./cognito/store";
import { EmulatorConfigError } from "./emulatorErrors";
import { createEmulatorServer } from "./server";
import { FaultInjector, type FaultPlan, parseFaults } from "./tooling/faults";
import { parseQuotas, QuotaEnforcer, type QuotaPlan } from "./tooling/quotas";
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

function checkFaultSeed(faultSeed: number | undefined): number | undefined {
  if (faultSeed !== undefined && !Number.isInteger(faultSeed)) {
    throw new EmulatorConfigError(`Invalid fault seed ${faultSeed}: use an integer`);
  }
  return faultSeed;
}

/** The options checked, in the order a wrong one is reported, and their defaults filled in. */
interface Settings {
  port: number;
  quotaPlan: QuotaPlan;
  faultPlan: FaultPlan;
  faultSeed: number | undefined;
  accountId: string;
  clock: Clock;
  log: (message: string) => void;
}

function settingsOf(options: EmulatorOptions): Settings {
  return {
    port: checkPort(options.port ?? 0),
    quotaPlan: parseQuotas(options.quotas),
    faultPlan: parseFaults(options.faults),
    faultSeed: checkFaultSeed(options.faultSeed),
    accountId: checkAccountId(options.accountId ?? DEFAULT_ACCOUNT_ID),
    clock: options.clock ?? systemClock,
    log: options.log ?? ((message: string) => process.stderr.write(`${message}\n`)),
  };
}

/**
 * The store the emulator starts with (the state file's, then the seeds applied) and what saves it after a
 * change: nothing without a state file.
 */
function openStore(options: EmulatorOptions, { clock, log }: Settings): { store: Store; save: () => void } {
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
  return { store, save };
}

/** The fault injector of a plan, or none when the plan injects nothing. */
function faultInjectorOf(plan: FaultPlan, seed: number | undefined): FaultInjector | undefined {
  const hasFaults =
    plan.latency !== undefined || plan.internal + plan.reset + plan.internalAfter + plan.resetAfter > 0;
  return hasFaults ? new FaultInjector(plan, seed ?? randomInt(0x7fffffff)) : undefined;
}

/** Listens on 127.0.0.1 and resolves with the port; a port in use is a configuration error. */
async function listen(server: Server, port: number): Promise<number> {
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
  return (server.address() as AddressInfo).port;
}

function running(server: Server, port: number): RunningEmulator {
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const settings = settingsOf(options);
  const { store, save } = openStore(options, settings);
  const { clock, accountId, log } = settings;
  const services: Services = { store, clock, ids: randomIds, accountId };
  const server = createEmulatorServer({
    services,
    quotas: new QuotaEnforcer(settings.quotaPlan, clock),
    faults: faultInjectorOf(settings.faultPlan, settings.faultSeed),
    stats: new StatsCounter(),
    onChange: save,
    log,
  });
  return running(server, await listen(server, settings.port));
}
