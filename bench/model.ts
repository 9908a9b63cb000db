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

/** Preview, up, a no-op preview, refresh and destroy of `regs`, each measured on its own. */
async function runPhases(
  emu: SpawnedEmulator,
  engine: Engine,
  regs: Registration[],
  run: { host: HostClient; parallelism: number | undefined },
): Promise<Phases> {
  const preview = await phase(emu, () => engine.preview(regs, run));
  const up = await phase(emu, () => engine.up(regs, run));
  const failures =
    up.error instanceof DeploymentError ? up.error.result.diagnostics.length : up.error ? 1 : 0;
  const created = engine.resources().length;
  const noop = await phase(emu, () => engine.preview(regs, run));
  const refresh = await phase(emu, () => engine.refresh(run));
  const destroy = await phase(emu, () => engine.destroy(run));
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
  const host: HostClient = await startHost({ env });
  try {
    const phases = await runPhases(emu, engine, regs, { host, parallelism: parallel });
    return { captureS, providerKiB, ...phases, peakMiB: peakKiB(host.pid) / 1024 };
  } finally {
    await host.stop();
  }
}
