// Starts @pulumi/pulumi's dynamic-provider host in a child process and speaks its gRPC protocol as the engine does.
//
// What the engine does that we copy (sdk/go/common/resource/plugin/provider_plugin.go, NewProvider):
// - it runs `node <program dir>/node_modules/@pulumi/pulumi/cmd/dynamic-provider <engine address>` with the
//   program directory as cwd; the host ignores the address but exits without one, and prints its port on stdout;
// - the environment is the CLI's plus PULUMI_NODEJS_PROJECT and PULUMI_PROJECT (so `getProject()` and
//   `configure`'s `config.get("key")` resolve project-scoped keys) and PULUMI_CONFIG (the whole stack config,
//   namespaced, since pulumi/pulumi#17229). No PULUMI_NODEJS_STACK: provider code sees the default stack "stack".
// The host is raw protocol here: values go over the wire exactly as given (stripping secrets is engine.ts's job).
import { spawn, type ChildProcess } from "child_process";
import * as path from "path";
import { performance } from "perf_hooks";
import type * as grpcTypes from "@grpc/grpc-js";
import type { Any } from "google-protobuf/google/protobuf/any_pb";
import type { Empty as EmptyType } from "google-protobuf/google/protobuf/empty_pb";
import type * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import type * as statusPb from "@pulumi/pulumi/proto/status_pb";
import { urnName, urnType, type CheckFailure } from "./diagnostics";
import { pulumiDir, pulumiRequire } from "./pulumiModules";
import { fromStruct, reveal, toStruct, type PropertyMap, type SecretValue } from "./wire";

const grpc = pulumiRequire<typeof grpcTypes>("@grpc/grpc-js");
const pb = pulumiRequire<typeof providerPb>("@pulumi/pulumi/proto/provider_pb");
const { ResourceProviderClient } = pulumiRequire<typeof providerGrpc>(
  "@pulumi/pulumi/proto/provider_grpc_pb",
);
const { Status } = pulumiRequire<typeof statusPb>("@pulumi/pulumi/proto/status_pb");
const { Empty } = pulumiRequire<{ Empty: typeof EmptyType }>("google-protobuf/google/protobuf/empty_pb");

/** Stack configuration as `pulumi config` holds it: namespaced keys (`aws:region`), string values, maybe secret. */
export type StackConfig = Record<string, string | SecretValue>;

export interface HostOptions {
  /** The program directory: the host script is resolved from its node_modules. Default: this repository. */
  cwd?: string;
  /** Added to the test process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Sets PULUMI_NODEJS_PROJECT / PULUMI_PROJECT like the engine. Default "project" (the mocks' default too). */
  project?: string;
  /** Sets PULUMI_CONFIG like the engine (plain values). Configure still has to be called. */
  config?: StackConfig;
  /** How long to wait for the port line. Default 20 s. */
  startTimeoutMs?: number;
}

export type CallKind =
  "configure" | "check" | "diff" | "create" | "read" | "update" | "delete" | "getPluginInfo";

export interface CallRecord {
  kind: CallKind;
  urn: string;
  /** When the request was sent (`performance.now()` of the test process). */
  startedAt: number;
  /** Wall time of the gRPC round trip, including the provider method. */
  ms: number;
  ok: boolean;
}

export interface ConfigureResult {
  acceptSecrets: boolean;
  acceptResources: boolean;
  supportsPreview: boolean;
}

export interface CheckResult {
  inputs: PropertyMap;
  failures: CheckFailure[];
}

export type DiffChanges = "unknown" | "none" | "some";

export interface DiffResult {
  changes: DiffChanges;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** The dynamic host never fills these; kept so a test can prove it. */
  stables: string[];
  diffs: string[];
  hasDetailedDiff: boolean;
}

export interface CreateResult {
  id: string;
  properties: PropertyMap;
}

export interface ReadResult {
  /** "" means the resource is gone. */
  id: string;
  properties: PropertyMap;
  /** Present when the provider's read returned `inputs` (SDK 3.216.0+, pulumi/pulumi#21315). */
  inputs: PropertyMap | undefined;
}

/** A create that threw an error with an `id`: "created but failed to initialize" (ErrorResourceInitFailed). */
export interface InitFailure {
  id: string;
  properties: PropertyMap;
  reasons: string[];
}

/** A failed call. `message` is the gRPC status message: exactly the text the engine shows after `error:`. */
export class HostCallError extends Error {
  constructor(
    readonly kind: CallKind,
    readonly urn: string,
    readonly code: number,
    readonly details: string,
    readonly initFailure: InitFailure | undefined,
  ) {
    super(details);
    this.name = "HostCallError";
  }
}

const liveHosts = new Set<HostClient>();

/** Stops every host that is still running (for `after` hooks). */
export async function stopAllHosts(): Promise<void> {
  await Promise.all([...liveHosts].map((h) => h.stop()));
}

/** Spawns a dynamic-provider host and connects to it. */
export async function startHost(opts: HostOptions = {}): Promise<HostClient> {
  const cwd = opts.cwd ?? process.cwd();
  const script = opts.cwd
    ? require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js", { paths: [opts.cwd] })
    : path.join(pulumiDir, "cmd", "dynamic-provider", "index.js");
  const project = opts.project ?? "project";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...opts.env,
    PULUMI_NODEJS_PROJECT: project,
    PULUMI_PROJECT: project,
  };
  if (opts.config !== undefined) env.PULUMI_CONFIG = JSON.stringify(reveal(opts.config));
  const started = performance.now();
  // A dummy engine address: the host only checks that one is given (cmd/dynamic-provider/index.js, main).
  const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const host = new HostClient(child, script);
  liveHosts.add(host);
  try {
    const port = await host.waitForPort(opts.startTimeoutMs ?? 20_000);
    await host.connect(port);
  } catch (e) {
    await host.stop();
    throw e;
  }
  host.startMs = performance.now() - started;
  return host;
}

export class HostClient {
  readonly calls: CallRecord[] = [];
  /** Time from spawn until the gRPC channel was ready. */
  startMs = 0;
  private client: providerGrpc.ResourceProviderClient | undefined;
  private out = "";
  private err = "";
  private exited: Promise<void>;
  private stopped = false;

  constructor(
    private readonly child: ChildProcess,
    readonly script: string,
  ) {
    child.stdout?.setEncoding("utf8").on("data", (d: string) => (this.out += d));
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (this.err += d));
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Everything the host wrote to stderr (it logs `${e}: ${e.stack}` for failed check/diff/read/delete). */
  get stderr(): string {
    return this.err;
  }

  /** Everything after the port line (console.log from provider code lands here). */
  get stdout(): string {
    return this.out.slice(this.out.indexOf("\n") + 1);
  }

  /** @internal */
  waitForPort(timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`host printed no port within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onData = (): void => {
        const line = this.out.split("\n", 2);
        if (line.length < 2) return;
        const port = Number(line[0]);
        finish(
          Number.isInteger(port) && port > 0 ? port : new Error(`host printed ${JSON.stringify(line[0])}`),
        );
      };
      const onExit = (code: number | null): void => finish(new Error(`host exited (${code}): ${this.err}`));
      const finish = (r: number | Error): void => {
        clearTimeout(timer);
        this.child.stdout?.off("data", onData);
        this.child.off("exit", onExit);
        if (typeof r === "number") resolve(r);
        else reject(r);
      };
      this.child.stdout?.on("data", onData);
      this.child.once("exit", onExit);
      onData();
    });
  }

  /** @internal */
  async connect(port: number): Promise<void> {
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 400 * 1024 * 1024,
    });
    this.client = client;
    await new Promise<void>((resolve, reject) =>
      client.waitForReady(Date.now() + 10_000, (e) => (e ? reject(e) : resolve())),
    );
  }

  async getPluginInfo(): Promise<string> {
    const resp = await this.unary<PluginInfo>("getPluginInfo", "", (c, cb) =>
      c.getPluginInfo(new Empty(), cb),
    );
    return resp.getVersion();
  }

  /**
   * Configure as the engine sends it for `pulumi-nodejs`: `args` is the whole stack config with namespaces kept
   * (Target.GetPackageConfig), secrets still wrapped; the host unwraps them and answers acceptSecrets=false.
   */
  async configure(config: StackConfig = {}): Promise<ConfigureResult> {
    const req = new pb.ConfigureRequest();
    req.setArgs(toStruct(config));
    const variables = req.getVariablesMap();
    for (const [k, v] of Object.entries(reveal<Record<string, string>>(config))) {
      variables.set(`pulumi-nodejs:config:${k}`, v);
    }
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    req.setSendsOldInputs(true);
    req.setSendsOldInputsToDelete(true);
    const resp = await this.unary<providerPb.ConfigureResponse>("configure", "", (c, cb) =>
      c.configure(req, cb),
    );
    return {
      acceptSecrets: resp.getAcceptsecrets(),
      acceptResources: resp.getAcceptresources(),
      supportsPreview: resp.getSupportspreview(),
    };
  }

  /** `olds` are the old inputs (`{}` for a new resource); `news` the program's inputs. */
  async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
    const req = new pb.CheckRequest();
    setUrn(req, urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    req.setRandomseed(randomSeed());
    const resp = await this.unary<providerPb.CheckResponse>("check", urn, (c, cb) => c.check(req, cb));
    return {
      inputs: fromStruct(resp.getInputs()),
      failures: resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** `olds` are the old outputs (the host passes only these to the provider, pulumi/pulumi#2931). */
  async diff(
    urn: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs?: PropertyMap,
  ): Promise<DiffResult> {
    const req = new pb.DiffRequest();
    setUrn(req, urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    if (oldInputs !== undefined) req.setOldInputs(toStruct(oldInputs));
    const resp = await this.unary<providerPb.DiffResponse>("diff", urn, (c, cb) => c.diff(req, cb));
    const changes = resp.getChanges();
    return {
      changes:
        changes === pb.DiffResponse.DiffChanges.DIFF_SOME
          ? "some"
          : changes === pb.DiffResponse.DiffChanges.DIFF_NONE
            ? "none"
            : "unknown",
      replaces: resp.getReplacesList(),
      deleteBeforeReplace: resp.getDeletebeforereplace(),
      stables: resp.getStablesList(),
      diffs: resp.getDiffsList(),
      hasDetailedDiff: resp.getHasdetaileddiff(),
    };
  }

  /** The engine never calls this with preview=true for the dynamic host (Configure says supportsPreview=false). */
  async create(urn: string, props: PropertyMap, preview = false): Promise<CreateResult> {
    const req = new pb.CreateRequest();
    setUrn(req, urn);
    req.setProperties(toStruct(props));
    req.setPreview(preview);
    const resp = await this.unary<providerPb.CreateResponse>("create", urn, (c, cb) => c.create(req, cb));
    return { id: resp.getId(), properties: fromStruct(resp.getProperties()) };
  }

  /** `props` are the stored outputs, `inputs` the stored inputs. */
  async read(urn: string, id: string, props: PropertyMap, inputs?: PropertyMap): Promise<ReadResult> {
    const req = new pb.ReadRequest();
    setUrn(req, urn);
    req.setId(id);
    req.setProperties(toStruct(props));
    if (inputs !== undefined) req.setInputs(toStruct(inputs));
    const resp = await this.unary<providerPb.ReadResponse>("read", urn, (c, cb) => c.read(req, cb));
    return {
      id: resp.getId(),
      properties: fromStruct(resp.getProperties()),
      inputs: resp.hasInputs() ? fromStruct(resp.getInputs()) : undefined,
    };
  }

  /** Without a provider `update`, the host answers `{ __provider }` only: the outputs are lost. */
  async update(
    urn: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs?: PropertyMap,
  ): Promise<{ properties: PropertyMap }> {
    const req = new pb.UpdateRequest();
    setUrn(req, urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    if (oldInputs !== undefined) req.setOldInputs(toStruct(oldInputs));
    const resp = await this.unary<providerPb.UpdateResponse>("update", urn, (c, cb) => c.update(req, cb));
    return { properties: fromStruct(resp.getProperties()) };
  }

  /** `props` are the stored outputs: the host runs the `__provider` found there, not today's code (#6238). */
  async delete(urn: string, id: string, props: PropertyMap, oldInputs?: PropertyMap): Promise<void> {
    const req = new pb.DeleteRequest();
    setUrn(req, urn);
    req.setId(id);
    req.setProperties(toStruct(props));
    if (oldInputs !== undefined) req.setOldInputs(toStruct(oldInputs));
    await this.unary<EmptyType>("delete", urn, (c, cb) => c.delete(req, cb));
  }

  /** Closes the channel and ends the process (SIGTERM, like the engine's plugin shutdown). Idempotent. */
  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.client?.close();
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    }
    await this.exited;
    liveHosts.delete(this);
  }

  private unary<R>(
    kind: CallKind,
    urn: string,
    invoke: (
      client: providerGrpc.ResourceProviderClient,
      cb: (err: grpcTypes.ServiceError | null, resp: R) => void,
    ) => unknown,
  ): Promise<R> {
    const client = this.client;
    if (client === undefined || this.stopped)
      return Promise.reject(new Error(`host is not running (${kind})`));
    const start = performance.now();
    return new Promise<R>((resolve, reject) => {
      invoke(client, (err, resp) => {
        this.calls.push({ kind, urn, startedAt: start, ms: performance.now() - start, ok: err === null });
        if (err === null) resolve(resp);
        else reject(toCallError(kind, urn, err));
      });
    });
  }
}

interface HasUrnNameType {
  setUrn(v: string): unknown;
  setName(v: string): unknown;
  setType(v: string): unknown;
}

/** The engine fills name and type from the URN on every resource call. */
function setUrn(req: HasUrnNameType, urn: string): void {
  req.setUrn(urn);
  req.setName(urnName(urn));
  req.setType(urnType(urn));
}

function randomSeed(): Uint8Array {
  const seed = new Uint8Array(32);
  for (let i = 0; i < seed.length; i++) seed[i] = Math.floor(Math.random() * 256);
  return seed;
}

/**
 * The engine shows the status message (`details`; grpc-js prefixes `message` with the code). For a create whose
 * error has an `id`, the host packs ErrorResourceInitFailed into the `grpc-status-details-bin` trailer.
 */
function toCallError(kind: CallKind, urn: string, err: grpcTypes.ServiceError): HostCallError {
  let initFailure: InitFailure | undefined;
  const bin = err.metadata?.get("grpc-status-details-bin")[0];
  if (bin instanceof Buffer) {
    const details: Any[] = Status.deserializeBinary(new Uint8Array(bin)).getDetailsList();
    for (const any of details) {
      if (!any.getTypeUrl().endsWith("/pulumirpc.ErrorResourceInitFailed")) continue;
      const failed = pb.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
      initFailure = {
        id: failed.getId(),
        properties: fromStruct(failed.getProperties()),
        reasons: failed.getReasonsList(),
      };
    }
  }
  return new HostCallError(kind, urn, err.code, err.details, initFailure);
}
