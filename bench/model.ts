// The old bench path: the same links through the engine model (test/support/engine-model), not the
// real CLI. Kept beside the real CLI's figures for one release, so the two can be compared; then it goes.
import {
  capture,
  DeploymentError,
  dynamicOnly,
  Engine,
  HostClient,
  type Registration,
  startHost,
} from "../test/support/engine-model";
import type { SpawnedEmulator, Stats } from "../emulator";
import { calls } from "../test/support/requests";
import { emulatorEnv } from "../test/support/world";
import type { LinkPlan, UserProviderLinkClass } from "./cli";

async function timed<T>(f: () => Promise<T>): Promise<{ value?: T; error?: unknown; seconds: number }> {
  const t = performance.now();
  try {
    const value = await f();
    return { value, seconds: (performance.now() - t) / 1000 };
  } catch (error) {
    return { error, seconds: (performance.now() - t) / 1000 };
  }
}

function peakKiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(require("fs").readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

export interface ModelResult {
  captureS: number;
  providerKiB: number;
  previewS: number;
  previewCalls: number;
  upS: number;
  created: number;
  failures: number;
  linkOk: number;
  throttled: number;
  noopS: number;
  noopCalls: number;
  refreshS: number;
  refreshCalls: number;
  destroyS: number;
  destroyOk: number;
  destroyError: string;
  peakMiB: number;
}

type Timed<T> = Awaited<ReturnType<typeof timed<T>>>;

/** One phase of the model's run: the emulator's counts reset, `f` timed, then the requests it made. */
async function phase<T>(emu: SpawnedEmulator, f: () => Promise<T>): Promise<Timed<T> & { stats: Stats }> {
  await emu.resetStats();
  const result = await timed(f);
  return { ...result, stats: await emu.stats() };
}

/** The links' program captured as registrations, how long that took and how large `__provider` is. */
async function captureLinks(
  UserProviderLink: UserProviderLinkClass,
  plan: LinkPlan,
): Promise<{ regs: Registration[]; captureS: number; providerKiB: number }> {
  const program = () => {
    for (let i = 0; i < plan.links; i++) {
      new UserProviderLink(`link-${i}`, {
        userPoolId: plan.pool,
        destinationUser: { providerAttributeValue: plan.userOf(i) },
        sourceUser: { providerName: "Google", providerAttributeValue: plan.subjectOf(i) },
      });
    }
  };
  const t0 = performance.now();
  const regs = dynamicOnly(await capture(program));
  const captureS = (performance.now() - t0) / 1000;
  const providerKiB = String(regs[0]?.inputs.__provider ?? "").length / 1024;
  return { regs, captureS, providerKiB };
}

type Phases = Pick<
  ModelResult,
  | "previewS"
  | "previewCalls"
  | "upS"
  | "created"
  | "failures"
  | "linkOk"
  | "throttled"
  | "noopS"
  | "noopCalls"
  | "refreshS"
  | "refreshCalls"
  | "destroyS"
  | "destroyOk"
  | "destroyError"
>;

/**
 * Preview, up, a no-op preview, refresh and destroy of `regs`, each measured on its own and each in a host
 * process of its own, as each CLI command starts its own: the host's per-process books (the links declared in
 * this deployment, the read cache) must not carry over from the up into the destroy, which would then find
 * every link declared and unlink none. The peak memory is the largest of the five hosts'.
 */
async function runPhases(
  emu: SpawnedEmulator,
  engine: Engine,
  regs: Registration[],
  env: NodeJS.ProcessEnv,
  parallelism: number | undefined,
): Promise<Phases & { peakMiB: number }> {
  let peak = 0;
  const inOwnHost = async <T>(
    f: (run: { host: HostClient; parallelism: number | undefined }) => Promise<T>,
  ) => {
    const host = await startHost({ env });
    try {
      return await phase(emu, () => f({ host, parallelism }));
    } finally {
      peak = Math.max(peak, peakKiB(host.pid));
      await host.stop();
    }
  };
  const preview = await inOwnHost((run) => engine.preview(regs, run));
  const up = await inOwnHost((run) => engine.up(regs, run));
  const failures =
    up.error instanceof DeploymentError ? up.error.result.diagnostics.length : up.error ? 1 : 0;
  const created = engine.resources().length;
  const noop = await inOwnHost((run) => engine.preview(regs, run));
  const refresh = await inOwnHost((run) => engine.refresh(run));
  const destroy = await inOwnHost((run) => engine.destroy(run));
  return {
    previewS: preview.seconds,
    previewCalls: preview.stats.total,
    upS: up.seconds,
    created,
    failures,
    linkOk: calls(up.stats, "AdminLinkProviderForUser", "ok"),
    throttled: calls(up.stats, "AdminLinkProviderForUser", "TooManyRequestsException"),
    noopS: noop.seconds,
    noopCalls: noop.stats.total,
    refreshS: refresh.seconds,
    refreshCalls: refresh.stats.total,
    destroyS: destroy.seconds,
    destroyOk: calls(destroy.stats, "AdminDisableProviderForUser", "ok"),
    destroyError: destroy.error ? String(destroy.error) : "",
    peakMiB: peak / 1024,
  };
}

export async function runModel(
  emu: SpawnedEmulator,
  UserProviderLink: UserProviderLinkClass,
  plan: LinkPlan,
  parallel: number,
  nodePath: string,
): Promise<ModelResult> {
  const { regs, captureS, providerKiB } = await captureLinks(UserProviderLink, plan);
  const env = { ...emulatorEnv(emu.url), NODE_PATH: nodePath };
  const engine = new Engine({ env, parallelism: parallel });
  const phases = await runPhases(emu, engine, regs, env, parallel);
  return { captureS, providerKiB, ...phases };
}
