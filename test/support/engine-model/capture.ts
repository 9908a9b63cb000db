// Runs a Pulumi program under mocks and records each RegisterResourceRequest the engine would receive, in order.
//
// `MockResourceArgs` only carries type, name, inputs (deserialized: secrets unwrapped), provider, custom and id;
// options such as deleteBeforeReplace or additionalSecretOutputs never reach `newResource`. They are on the
// RegisterResourceRequest the SDK hands to the monitor (runtime/resource.js, registerResource), so we wrap the mock
// monitor's `registerResource` and read the protobuf: its `object` Struct is the wire form the engine gets, with
// secrets as signature objects and, in preview, unknown outputs as the unknown sentinel.
//
// Each capture runs in its own AsyncLocalStorage store (runtime/state.js `withLocalStorage`, the mechanism the
// Automation API uses for inline programs), so captures can repeat in one mocha process and never disturb mocks
// that other spec files installed globally with `pulumi.runtime.setMocks`.
import * as pulumi from "@pulumi/pulumi";
import type { RegisterResourceRequest, RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";
import { pulumiRequire } from "./pulumiModules";
import type { PropertyMap } from "./wire";

export interface AliasSpec {
  urn?: string;
  name?: string;
  type?: string;
  stack?: string;
  project?: string;
  parentUrn?: string;
  noParent?: boolean;
}

/** The resource options the engine acts on, as the SDK sent them. */
export interface RegistrationOptions {
  /** `undefined` when the program did not set it: then the provider's diff decides (the option overrides it). */
  deleteBeforeReplace: boolean | undefined;
  additionalSecretOutputs: string[];
  aliases: AliasSpec[];
  replaceOnChanges: string[];
  ignoreChanges: string[];
  protect: boolean | undefined;
  retainOnDelete: boolean | undefined;
  importId: string;
}

/** One RegisterResourceRequest, in the order the program issued them. */
export interface Registration {
  type: string;
  name: string;
  urn: string;
  custom: boolean;
  /** Wire form: includes `__provider` for dynamic resources, secrets wrapped, unknowns as the sentinel in preview. */
  inputs: PropertyMap;
  /** Provider reference; "" means the default provider of the type's package. */
  provider: string;
  /** Parent URN; "" for a top-level resource. */
  parent: string;
  /** URNs from `dependsOn` and from the Outputs used in the inputs. */
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  options: RegistrationOptions;
}

export type MockResult = { id: string | undefined; state: Record<string, unknown> };

export interface CaptureOptions {
  preview?: boolean;
  project?: string;
  stack?: string;
  /**
   * Answers each registration. Default: the inputs as state and, like the engine, no id during preview (so
   * `resource.id` is unknown to dependents) and `<name>-id` otherwise. Return no id or omit a state key to make
   * that output unknown in preview.
   */
  mocks?: (args: pulumi.runtime.MockResourceArgs) => MockResult | Promise<MockResult>;
  /** Answers invokes (`aws.getRegion()` ...). Default: fail, naming the token. */
  call?: (args: pulumi.runtime.MockCallArgs) => Record<string, unknown> | Promise<Record<string, unknown>>;
}

type Callback = (err: unknown, resp: RegisterResourceResponse | undefined) => void;
interface MonitorLike {
  registerResource(req: RegisterResourceRequest, cb: Callback): unknown;
}
interface StateModule {
  withLocalStorage<T>(callback: () => T): T;
  getStore(): { settings: { monitor?: MonitorLike } };
}
interface SettingsModule {
  waitForRPCs(): Promise<void>;
}

const runtimeState = pulumiRequire<StateModule>("@pulumi/pulumi/runtime/state");
const runtimeSettings = pulumiRequire<SettingsModule>("@pulumi/pulumi/runtime/settings");

/** Runs `program` and returns its registrations once every registration RPC has finished. */
export async function capture(
  program: () => unknown | Promise<unknown>,
  opts: CaptureOptions = {},
): Promise<Registration[]> {
  const preview = opts.preview ?? false;
  const mocks =
    opts.mocks ?? ((args) => ({ id: preview ? undefined : `${args.name}-id`, state: args.inputs }));
  const call =
    opts.call ??
    ((args) => {
      throw new Error(`capture: no mock for invoke ${args.token}`);
    });
  return runtimeState.withLocalStorage(async () => {
    await pulumi.runtime.setMocks({ newResource: mocks, call }, opts.project, opts.stack, preview);
    const monitor = runtimeState.getStore().settings.monitor;
    if (monitor === undefined) throw new Error("capture: setMocks installed no monitor");
    const registrations: Registration[] = [];
    const failures: string[] = [];
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
      const registration = registrationFrom(req);
      registrations.push(registration);
      return original(req, (err, resp) => {
        if (err !== null && err !== undefined) failures.push(`${registration.name}: ${String(err)}`);
        if (resp !== undefined) registration.urn = resp.getUrn();
        cb(err, resp);
      });
    };
    await program();
    await runtimeSettings.waitForRPCs();
    if (failures.length > 0) throw new Error(`capture: registrations failed:\n${failures.join("\n")}`);
    return registrations;
  });
}

/**
 * The registration a RegisterResource request describes. Self-contained (it uses nothing but its argument and
 * globals): packaged.ts puts its source text into the capture script it runs in a scratch project, which cannot
 * import this repository.
 */
export function registrationFrom(req: RegisterResourceRequest): Registration {
  /** An alias spec without the fields the SDK left empty. */
  const dropEmpty = (spec: Required<Omit<AliasSpec, "urn">>): AliasSpec =>
    Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== "" && v !== false)) as AliasSpec;
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => {
    propertyDependencies[key] = deps.getUrnsList();
  });
  return {
    type: req.getType(),
    name: req.getName(),
    urn: "",
    custom: req.getCustom(),
    inputs: (req.getObject()?.toJavaScript() ?? {}) as PropertyMap,
    provider: req.getProvider(),
    parent: req.getParent(),
    dependencies: req.getDependenciesList(),
    propertyDependencies,
    options: {
      deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      aliases: [
        ...req.getAliasurnsList().map((urn) => ({ urn })),
        ...req.getAliasesList().map((alias): AliasSpec => {
          const spec = alias.getSpec();
          if (spec === undefined) return { urn: alias.getUrn() };
          return dropEmpty({
            name: spec.getName(),
            type: spec.getType(),
            stack: spec.getStack(),
            project: spec.getProject(),
            parentUrn: spec.getParenturn(),
            noParent: spec.getNoparent(),
          });
        }),
      ],
      replaceOnChanges: req.getReplaceonchangesList(),
      ignoreChanges: req.getIgnorechangesList(),
      protect: req.hasProtect() ? req.getProtect() : undefined,
      retainOnDelete: req.hasRetainondelete() ? req.getRetainondelete() : undefined,
      importId: req.getImportid(),
    },
  };
}

/** The registration named `name` (and of `type`, when given); throws when there is not exactly one. */
export function registration(
  registrations: readonly Registration[],
  name: string,
  type?: string,
): Registration {
  const found = registrations.filter((r) => r.name === name && (type === undefined || r.type === type));
  if (found.length !== 1) {
    throw new Error(`expected one registration named ${name}, found ${found.length}`);
  }
  return found[0] as Registration;
}

/** The registrations the mini engine runs: dynamic resources and components (e.g. drop an aws.cognito.UserPool). */
export function dynamicOnly(registrations: readonly Registration[]): Registration[] {
  return registrations.filter((r) => !r.custom || r.type.startsWith("pulumi-nodejs:dynamic"));
}
