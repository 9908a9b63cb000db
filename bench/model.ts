// The old bench path: the same links through the engine model (test/support/engine-model), not the
// real CLI. Kept beside the real CLI's figures for one release, so the two can be compared; then it goes.
import {
  capture,
  DeploymentError,
  dynamicOnly,
  Engine,
  HostClient,
  startHost,
} from "../test/support/engine-model";
import type { SpawnedEmulator } from "../emulator";
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

export async function runModel(
  emu: SpawnedEmulator,
  UserProviderLink: UserProviderLinkClass,
  plan: LinkPlan,
  parallel: number,
  nodePath: string,
): Promise<ModelResult> {
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
  const env = { ...emulatorEnv(emu.url), NODE_PATH: nodePath };
  const engine = new Engine({ env, parallelism: parallel });
  const host: HostClient = await startHost({ env });
  const run = { host, parallelism: parallel };
  const calls = async (op?: string, outcome?: string): Promise<number> => {
    const s = await emu.stats();
    if (!op) return s.total;
    const byOutcome = s.operations[op] ?? {};
    return outcome ? (byOutcome[outcome] ?? 0) : Object.values(byOutcome).reduce((a, b) => a + b, 0);
  };
  try {
    await emu.resetStats();
    const preview = await timed(() => engine.preview(regs, run));
    const previewCalls = await calls();

    await emu.resetStats();
    const up = await timed(() => engine.up(regs, run));
    const linkOk = await calls("AdminLinkProviderForUser", "ok");
    const throttled = await calls("AdminLinkProviderForUser", "TooManyRequestsException");
    const failures =
      up.error instanceof DeploymentError ? up.error.result.diagnostics.length : up.error ? 1 : 0;
    const created = engine.resources().length;

    await emu.resetStats();
    const noop = await timed(() => engine.preview(regs, run));
    const noopCalls = await calls();

    await emu.resetStats();
    const refresh = await timed(() => engine.refresh(run));
    const refreshCalls = await calls();

    await emu.resetStats();
    const destroy = await timed(() => engine.destroy(run));
    const destroyOk = await calls("AdminDisableProviderForUser", "ok");
    return {
      captureS,
      providerKiB,
      previewS: preview.seconds,
      previewCalls,
      upS: up.seconds,
      created,
      failures,
      linkOk,
      throttled,
      noopS: noop.seconds,
      noopCalls,
      refreshS: refresh.seconds,
      refreshCalls,
      destroyS: destroy.seconds,
      destroyOk,
      destroyError: destroy.error ? String(destroy.error) : "",
      peakMiB: peakKiB(host.pid) / 1024,
    };
  } finally {
    await host.stop();
  }
}
