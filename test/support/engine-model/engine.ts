// A deliberately small stand-in for the Pulumi engine: preview, up, refresh and destroy of dynamic resources.
//
// It follows pkg/resource/deploy (step_generator.go, step_executor.go, step.go) only where a dynamic provider
// can tell the difference, and nothing more:
// - one host process per operation, configured first, so the host's per-process provider cache is realistic;
// - check and diff run one resource at a time (step generation is serial, pulumi/pulumi#6716); create, update
//   and delete run on a pool of `parallelism` workers (the engine default is CPU count x 4);
// - a resource is generated only once every URN it depends on (dependsOn, Outputs it uses, parent) has finished,
//   as the SDK only registers it then;
// - check gets the old inputs (`{}` for a new resource), diff the old outputs (#2931); a replace re-runs check with
//   no olds; `deleteBeforeReplace` from the program overrides the provider's; create-before-delete replacements
//   delete the original after everything else, with the removed resources, dependents first;
// - secrets are stripped before every call and restored afterwards (see secrets.ts); unknowns reach the provider
//   only in preview; the dynamic host does not support preview, so preview never calls create.
// Not modelled: targets, protect, ignoreChanges, retainOnDelete, dependents of a delete-before-replace, providers
// other than the dynamic one (components are recorded without calls; other custom types are refused).
import * as fs from "fs";
import { performance } from "perf_hooks";
import type { Registration } from "./capture";
import { checkFailureMessage, type Diagnostic } from "./diagnostics";
import {
  HostCallError,
  startHost,
  type CallRecord,
  type DiffResult,
  type HostClient,
  type StackConfig,
} from "./host";
import { Limiter } from "./limiter";
import { annotateSecrets, markAdditionalSecretOutputs, stripSecrets } from "./secrets";
import { summarize, type Timing } from "./timing";
import { containsUnknowns, deepEqual, reveal, type PropertyMap } from "./wire";

/** One resource of the stack state (the checkpoint's `resources[]`, reduced to what the tests need). */
export interface ResourceState {
  urn: string;
  type: string;
  /** "" for a component. */
  id: string;
  custom: boolean;
  /** The checked inputs, secrets wrapped as on the wire. Includes `__provider`. */
  inputs: PropertyMap;
  /** The provider's outputs, secrets wrapped as on the wire. Includes `__provider`. */
  outputs: PropertyMap;
  parent: string;
  dependencies: string[];
  /** The program's option (undefined: not set). */
  deleteBeforeReplace?: boolean;
  additionalSecretOutputs: string[];
  /** Set when create failed after the resource was made (ErrorResourceInitFailed). */
  initErrors?: string[];
}

export interface StateFile {
  version: 1;
  resources: ResourceState[];
}

export type StepOp = "create" | "same" | "update" | "replace" | "delete" | "delete-replaced";

export interface Step {
  op: StepOp;
  urn: string;
  /** For replace: the properties the provider said force it. */
  replaces?: string[];
  /** For replace: whether the original is deleted first. */
  deleteBeforeReplace?: boolean;
}

export type Operation = "preview" | "up" | "refresh" | "destroy";

export interface OperationResult {
  operation: Operation;
  /** In execution order (preview: in planning order). */
  steps: Step[];
  diagnostics: Diagnostic[];
  /** Every host call of this operation, in completion order, with its wall time. */
  calls: CallRecord[];
  timing: Timing;
  wallMs: number;
  hostPid: number;
  hostStartMs: number;
}

/** An operation that failed the way `pulumi up` fails: `message` is the `error:` lines, `result` what ran. */
export class DeploymentError extends Error {
  constructor(readonly result: OperationResult) {
    super(result.diagnostics.map((d) => d.message).join("\n"));
    this.name = "DeploymentError";
  }
}

export interface EngineOptions {
  project?: string;
  /** The stack config sent to Configure (and PULUMI_CONFIG). */
  config?: StackConfig;
  /** Program directory: the host is started from its node_modules. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Default worker count for create/update/delete (default 8). */
  parallelism?: number;
}

export interface RunOptions {
  parallelism?: number;
  /** Reuse this host instead of starting one for the operation (it is left running). */
  host?: HostClient;
}

const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

type Plan =
  | { op: "create"; reg: Registration; inputs: PropertyMap }
  | { op: "same" | "update"; reg: Registration; inputs: PropertyMap; old: ResourceState }
  | {
      op: "replace";
      reg: Registration;
      inputs: PropertyMap;
      old: ResourceState;
      replaces: string[];
      deleteBeforeReplace: boolean;
    };

interface Run {
  host: HostClient;
  steps: Step[];
  diagnostics: Diagnostic[];
  pool: Limiter;
}

/** Raised inside an operation once its diagnostics are recorded; ends the operation. */
class Abort extends Error {}

export class Engine {
  private state = new Map<string, ResourceState>();

  constructor(private readonly opts: EngineOptions = {}) {}

  /** The stack's resources in state order. */
  resources(): ResourceState[] {
    return [...this.state.values()];
  }

  /** The resource with this URN or name; throws unless exactly one matches. */
  resource(urnOrName: string): ResourceState {
    const byUrn = this.state.get(urnOrName);
    if (byUrn) return byUrn;
    const found = this.resources().filter((r) => r.urn.endsWith(`::${urnOrName}`));
    if (found.length !== 1)
      throw new Error(`expected one resource named ${urnOrName} in state, found ${found.length}`);
    return found[0] as ResourceState;
  }

  has(urnOrName: string): boolean {
    return this.state.has(urnOrName) || this.resources().some((r) => r.urn.endsWith(`::${urnOrName}`));
  }

  toJSON(): StateFile {
    return { version: 1, resources: this.resources() };
  }

  save(file: string): void {
    fs.writeFileSync(file, `${JSON.stringify(this.toJSON(), null, 2)}\n`);
  }

  /** Replaces the state with a saved one (e.g. a recorded fixture from an earlier provider version). */
  load(fileOrState: string | StateFile): this {
    const parsed: unknown =
      typeof fileOrState === "string" ? JSON.parse(fs.readFileSync(fileOrState, "utf8")) : fileOrState;
    const file = parsed as StateFile;
    if (file.version !== 1 || !Array.isArray(file.resources)) throw new Error("not a version 1 state file");
    this.state = new Map(file.resources.map((r) => [r.urn, structuredClone(r)]));
    return this;
  }

  /** Configure, check and diff; no create. Plans create/same/update/replace/delete; throws on check failures. */
  async preview(registrations: readonly Registration[], opts: RunOptions = {}): Promise<OperationResult> {
    validate(registrations, true);
    return this.operation("preview", opts, async (run) => {
      for (const reg of registrations) {
        try {
          const plan = await this.plan(run, reg);
          if (plan === undefined) continue;
          run.steps.push(
            plan.op === "replace"
              ? {
                  op: "replace",
                  urn: reg.urn,
                  replaces: plan.replaces,
                  deleteBeforeReplace: plan.deleteBeforeReplace,
                }
              : { op: plan.op, urn: reg.urn },
          );
        } catch (e) {
          // Preview reports every resource's problems, not only the first.
          if (!(e instanceof Abort)) throw e;
        }
      }
      const registered = new Set(registrations.map((r) => r.urn));
      for (const old of [...this.state.values()].reverse()) {
        if (!registered.has(old.urn)) run.steps.push({ op: "delete", urn: old.urn });
      }
    });
  }

  /** Brings the state to the registrations; throws DeploymentError on the first failure (state keeps what ran). */
  async up(registrations: readonly Registration[], opts: RunOptions = {}): Promise<OperationResult> {
    validate(registrations, false);
    return this.operation("up", opts, async (run) => {
      const generator = new Limiter(1);
      const finished = new Map<string, Promise<void>>();
      const originals: ResourceState[] = [];
      let aborted = false;
      const fail = (e: unknown, urn: string): void => {
        aborted = true;
        if (!(e instanceof Abort)) run.diagnostics.push({ urn, message: messageOf(e) });
      };
      for (const reg of registrations) {
        const waitFor = [reg.parent, ...reg.dependencies].flatMap((u) => finished.get(u) ?? []);
        const done = Promise.all(waitFor)
          .then(async () => {
            const plan = await generator.run(async () => (aborted ? undefined : this.plan(run, reg)));
            if (plan === undefined || aborted) return;
            await run.pool.run(async () => {
              if (aborted) return;
              const original = await this.apply(run, plan);
              if (original) originals.push(original);
            });
          })
          .catch((e: unknown) => fail(e, reg.urn));
        finished.set(reg.urn, done);
      }
      await Promise.all(finished.values());
      if (aborted) throw new Abort();
      const registered = new Set(registrations.map((r) => r.urn));
      const removed = this.resources().filter((r) => !registered.has(r.urn));
      await this.deleteAll(run, [
        ...originals.map((r) => ({ res: r, op: "delete-replaced" as const })),
        ...removed.map((r) => ({ res: r, op: "delete" as const })),
      ]);
      this.reorder(registrations);
    });
  }

  /** Reads every resource; an empty id drops it from the state. */
  async refresh(opts: RunOptions = {}): Promise<OperationResult> {
    return this.operation("refresh", opts, async (run) => {
      let aborted = false;
      await Promise.all(
        this.resources()
          .filter((r) => r.custom)
          .map((old) =>
            run.pool
              .run(async () => {
                if (aborted) return;
                const res = await run.host.read(
                  old.urn,
                  old.id,
                  stripSecrets(old.outputs),
                  stripSecrets(old.inputs),
                );
                if (res.id === "") {
                  this.state.delete(old.urn);
                  run.steps.push({ op: "delete", urn: old.urn });
                  return;
                }
                const outputs = markAdditionalSecretOutputs(
                  annotateSecrets(res.properties, old.outputs),
                  old.additionalSecretOutputs,
                );
                const inputs =
                  res.inputs === undefined ? old.inputs : annotateSecrets(res.inputs, old.inputs);
                const changed =
                  res.id !== old.id || !deepEqual(outputs, old.outputs) || !deepEqual(inputs, old.inputs);
                this.state.set(old.urn, { ...old, id: res.id, outputs, inputs });
                run.steps.push({ op: changed ? "update" : "same", urn: old.urn });
              })
              .catch((e: unknown) => {
                aborted = true;
                run.diagnostics.push({ urn: old.urn, message: messageOf(e) });
              }),
          ),
      );
    });
  }

  /** Deletes every resource, dependents first. */
  async destroy(opts: RunOptions = {}): Promise<OperationResult> {
    return this.operation("destroy", opts, async (run) => {
      await this.deleteAll(
        run,
        this.resources().map((r) => ({ res: r, op: "delete" as const })),
      );
    });
  }

  private async operation(
    operation: Operation,
    opts: RunOptions,
    body: (run: Run) => Promise<void>,
  ): Promise<OperationResult> {
    const started = performance.now();
    const host =
      opts.host ??
      (await startHost({
        cwd: this.opts.cwd,
        env: this.opts.env,
        project: this.opts.project,
        config: this.opts.config,
      }));
    const firstCall = host.calls.length;
    const run: Run = {
      host,
      steps: [],
      diagnostics: [],
      pool: new Limiter(opts.parallelism ?? this.opts.parallelism ?? 8),
    };
    let failure: unknown;
    try {
      await host.configure(this.opts.config ?? {});
      await body(run);
    } catch (e) {
      failure = e;
    } finally {
      if (opts.host === undefined) await host.stop();
    }
    const calls = host.calls.slice(firstCall);
    const result: OperationResult = {
      operation,
      steps: run.steps,
      diagnostics: run.diagnostics,
      calls,
      timing: summarize(calls),
      wallMs: performance.now() - started,
      hostPid: host.pid,
      hostStartMs: opts.host === undefined ? host.startMs : 0,
    };
    if (failure !== undefined && !(failure instanceof Abort)) {
      result.diagnostics.push({ message: messageOf(failure) });
    }
    if (result.diagnostics.length > 0) throw new DeploymentError(result);
    return result;
  }

  /** Step generation for one registration: check, then diff when it exists. Serial in the real engine. */
  private async plan(run: Run, reg: Registration): Promise<Plan | undefined> {
    const old = this.state.get(reg.urn);
    if (!reg.custom) {
      return old ? { op: "same", reg, inputs: reg.inputs, old } : { op: "create", reg, inputs: reg.inputs };
    }
    const inputs = await this.check(run, reg, old?.inputs ?? {});
    if (old === undefined) return { op: "create", reg, inputs };
    const diff = resolveDiff(
      await run.host.diff(
        reg.urn,
        old.id,
        stripSecrets(old.outputs),
        stripSecrets(inputs),
        stripSecrets(old.inputs),
      ),
      old.inputs,
      inputs,
      reg.options.replaceOnChanges,
    );
    if (diff.changes !== "some") {
      // A resource whose create failed to initialize gets an (empty) update to try again.
      return { op: old.initErrors?.length ? "update" : "same", reg, inputs, old };
    }
    if (diff.replaces.length === 0) return { op: "update", reg, inputs, old };
    // The engine recomputes defaults for the replacement by checking again without olds.
    const replacementInputs = await this.check(run, reg, {});
    return {
      op: "replace",
      reg,
      inputs: replacementInputs,
      old,
      replaces: diff.replaces,
      deleteBeforeReplace: reg.options.deleteBeforeReplace ?? diff.deleteBeforeReplace,
    };
  }

  private async check(run: Run, reg: Registration, olds: PropertyMap): Promise<PropertyMap> {
    const res = await run.host.check(reg.urn, stripSecrets(olds), stripSecrets(reg.inputs));
    if (res.failures.length > 0) {
      for (const f of res.failures) {
        run.diagnostics.push({
          urn: reg.urn,
          message: checkFailureMessage(reg.type, reg.urn, f, reg.inputs),
        });
      }
      throw new Abort();
    }
    return annotateSecrets(res.inputs, reg.inputs);
  }

  /** Executes one planned step; returns a replaced original that still has to be deleted. */
  private async apply(run: Run, plan: Plan): Promise<ResourceState | undefined> {
    const { reg, inputs } = plan;
    const base = {
      urn: reg.urn,
      type: reg.type,
      custom: reg.custom,
      inputs,
      parent: reg.parent,
      dependencies: reg.dependencies,
      deleteBeforeReplace: reg.options.deleteBeforeReplace,
      additionalSecretOutputs: reg.options.additionalSecretOutputs,
    };
    const outputsFrom = (props: PropertyMap): PropertyMap =>
      markAdditionalSecretOutputs(annotateSecrets(props, inputs), reg.options.additionalSecretOutputs);
    switch (plan.op) {
      case "same":
        this.state.set(reg.urn, {
          ...base,
          id: plan.old.id,
          outputs: markAdditionalSecretOutputs(plan.old.outputs, reg.options.additionalSecretOutputs),
        });
        run.steps.push({ op: "same", urn: reg.urn });
        return undefined;
      case "update": {
        const res = await run.host.update(
          reg.urn,
          plan.old.id,
          stripSecrets(plan.old.outputs),
          stripSecrets(inputs),
          stripSecrets(plan.old.inputs),
        );
        this.state.set(reg.urn, { ...base, id: plan.old.id, outputs: outputsFrom(res.properties) });
        run.steps.push({ op: "update", urn: reg.urn });
        return undefined;
      }
      case "create":
        if (!reg.custom) {
          this.state.set(reg.urn, { ...base, id: "", outputs: {} });
        } else {
          await this.create(run, plan, base, outputsFrom);
        }
        run.steps.push({ op: "create", urn: reg.urn });
        return undefined;
      case "replace": {
        const step: Step = {
          op: "replace",
          urn: reg.urn,
          replaces: plan.replaces,
          deleteBeforeReplace: plan.deleteBeforeReplace,
        };
        if (plan.deleteBeforeReplace) {
          await this.delete(run, plan.old);
          run.steps.push({ op: "delete-replaced", urn: reg.urn });
          this.state.delete(reg.urn);
          await this.create(run, plan, base, outputsFrom);
          run.steps.push(step);
          return undefined;
        }
        await this.create(run, plan, base, outputsFrom);
        run.steps.push(step);
        return plan.old;
      }
    }
  }

  private async create(
    run: Run,
    plan: Plan,
    base: Omit<ResourceState, "id" | "outputs">,
    outputsFrom: (props: PropertyMap) => PropertyMap,
  ): Promise<void> {
    const urn = plan.reg.urn;
    try {
      const res = await run.host.create(urn, stripSecrets(plan.inputs));
      if (res.id === "") {
        throw new Error(`plugin for package 'pulumi-nodejs' returned empty resource.ID from create '${urn}'`);
      }
      this.state.set(urn, { ...base, id: res.id, outputs: outputsFrom(res.properties) });
    } catch (e) {
      // "Created but failed to initialize": the engine keeps the partial resource, with its reasons, in state.
      if (e instanceof HostCallError && e.initFailure !== undefined) {
        this.state.set(urn, {
          ...base,
          id: e.initFailure.id,
          outputs: outputsFrom(e.initFailure.properties),
          initErrors: e.initFailure.reasons,
        });
      }
      throw e;
    }
  }

  private async delete(run: Run, res: ResourceState): Promise<void> {
    if (!res.custom) return;
    await run.host.delete(res.urn, res.id, stripSecrets(res.outputs), stripSecrets(res.inputs));
  }

  /** Deletes in parallel, each resource only after everything in the batch that depends on it. */
  private async deleteAll(
    run: Run,
    batch: { res: ResourceState; op: "delete" | "delete-replaced" }[],
  ): Promise<void> {
    const started = new Map<ResourceState, Promise<void>>();
    let aborted = false;
    const deletion = (item: (typeof batch)[number]): Promise<void> => {
      const existing = started.get(item.res);
      if (existing) return existing;
      const dependents = batch.filter(
        (other) =>
          other !== item &&
          (other.res.dependencies.includes(item.res.urn) || other.res.parent === item.res.urn),
      );
      const done = Promise.all(dependents.map(deletion))
        .then(() =>
          run.pool.run(async () => {
            if (aborted) return;
            await this.delete(run, item.res);
            if (this.state.get(item.res.urn) === item.res) this.state.delete(item.res.urn);
            run.steps.push({ op: item.op, urn: item.res.urn });
          }),
        )
        .catch((e: unknown) => {
          aborted = true;
          run.diagnostics.push({ urn: item.res.urn, message: messageOf(e) });
        });
      started.set(item.res, done);
      return done;
    };
    // Reverse state order: dependents come later in the state, so their deletions are queued first.
    await Promise.all([...batch].reverse().map(deletion));
  }

  /** Program order for registered resources, then the others in their old order. */
  private reorder(registrations: readonly Registration[]): void {
    const next = new Map<string, ResourceState>();
    for (const reg of registrations) {
      const res = this.state.get(reg.urn);
      if (res) next.set(reg.urn, res);
    }
    for (const [urn, res] of this.state) if (!next.has(urn)) next.set(urn, res);
    this.state = next;
  }
}

/**
 * The engine's reading of a DiffResponse (step_generator.go, diff and applyReplaceOnChanges): DIFF_UNKNOWN (the
 * provider has no diff, or its `changes` was undefined) becomes a comparison of old and new inputs, and only then
 * are changed keys known, so `replaceOnChanges` can only act there with the dynamic host, which never sends them.
 */
function resolveDiff(
  diff: DiffResult,
  oldInputs: PropertyMap,
  newInputs: PropertyMap,
  replaceOnChanges: readonly string[],
): DiffResult {
  if (diff.changes !== "unknown") return diff;
  const keys = new Set([...Object.keys(oldInputs), ...Object.keys(newInputs)]);
  const changed = [...keys].filter((k) => !deepEqual(reveal(oldInputs[k]), reveal(newInputs[k])));
  if (changed.length === 0) return { ...diff, changes: "none" };
  const forced = changed.filter((k) => replaceOnChanges.includes("*") || replaceOnChanges.includes(k));
  return { ...diff, changes: "some", diffs: changed, replaces: [...diff.replaces, ...forced] };
}

function validate(registrations: readonly Registration[], preview: boolean): void {
  const seen = new Set<string>();
  for (const reg of registrations) {
    if (reg.urn === "") throw new Error(`registration ${reg.name} has no URN`);
    if (seen.has(reg.urn))
      throw new Error(`Duplicate resource URN '${reg.urn}'; try giving it a unique name`);
    seen.add(reg.urn);
    if (reg.custom && !reg.type.startsWith(DYNAMIC_TYPE_PREFIX)) {
      throw new Error(`${reg.urn}: the mini engine only runs dynamic resources; filter the others out`);
    }
    if (!preview && containsUnknowns(reg.inputs)) {
      throw new Error(`${reg.urn} has unknown inputs: capture the program with preview: false for up`);
    }
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
