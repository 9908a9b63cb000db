// Pulumi mocks for program tests: records every registration (inputs, parent, dependencies) and fakes outputs.
import * as pulumi from "@pulumi/pulumi";

export interface Registered {
  type: string;
  name: string;
  /** Inputs as the mock monitor deserialized them (secrets wrapped, see `plain`; `__provider` a serialized string). */
  inputs: any;
  urn: string;
  parent: string;
  /** URNs this registration waits for: explicit dependsOn plus the resources behind its input Outputs. */
  dependencies: string[];
  /** The inputs as sent on the wire, secrets still wrapped in their signature objects. */
  wire: any;
  custom: boolean;
}

/** The id every mocked user pool gets. */
export const MOCK_POOL_ID = "us-east-1_MockPool1";

/**
 * Installs mocks (call it in a `before`, then require the program): each spec file in a mocha run gets its
 * own project, stack, config and record, whatever other specs installed before.
 */
export async function installMocks(
  project: string,
  config: Record<string, string> = {},
  secretKeys: string[] = [],
): Promise<Registered[]> {
  const registered: Registered[] = [];
  const pending = new Map<string, { parent: string; dependencies: string[]; wire: any }>();
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const seen = pending.get(`${args.type}::${args.name}`) ?? { parent: "", dependencies: [], wire: {} };
        const urn = `urn:pulumi:dev::${project}::${args.type}::${args.name}`;
        registered.push({ ...args, ...seen, urn, custom: args.custom ?? false });
        const id = args.type === "aws:cognito/userPool:UserPool" ? MOCK_POOL_ID : `${args.name}-id`;
        const state = { ...args.inputs };
        delete state.__provider;
        if (args.type === "aws:cognito/userPool:UserPool")
          state.arn = `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${id}`;
        return { id: args.custom ? id : undefined, state };
      },
      call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
    },
    project,
    "dev",
    false,
  );
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([k, v]) => [`${project}:${k}`, v])),
    secretKeys.map((k) => `${project}:${k}`),
  );
  // The mocks' newResource sees neither parent nor dependencies: read them off the request.
  const monitor = pulumi.runtime.getMonitor() as any;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: unknown) => {
    pending.set(`${req.getType()}::${req.getName()}`, {
      parent: req.getParent(),
      dependencies: req.getDependenciesList(),
      wire: req.getObject()?.toJavaScript() ?? {},
    });
    return register(req, callback);
  };
  return registered;
}

/** Resolves once every registration and output the program started has settled. */
export async function settled(): Promise<void> {
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

/** An Output's value under mocks (undefined while unknown). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => (resolve(v), v)));
}

export function ofType(registered: Registered[], type: string): Registered[] {
  return registered.filter((r) => r.type === type);
}

export function named(registered: Registered[], name: string): Registered {
  const found = registered.find((r) => r.name === name);
  if (!found)
    throw new Error(`no resource named ${name}; registered: ${registered.map((r) => r.name).join(", ")}`);
  return found;
}

/** The wire form of a secret value (pulumi's secret signature). */
export function isWireSecret(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)["4dabf18193072939515e22adb298388d"] ===
      "1b47061264138c4ac30d75fd1eb44270"
  );
}

/** A value with every secret unwrapped. */
export function plain(value: any): any {
  if (isWireSecret(value)) return plain(value.value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

export { LINK_TYPE } from "./tokens";
export const SEEDED_TYPE = "cognito-links:index:SeededUserLinks";

/** Loads a module fresh, so a program that runs at import registers again under the current mocks. */
export function requireFresh<T>(modulePath: string): T {
  const resolved = require.resolve(modulePath);
  delete require.cache[resolved];
  return require(resolved) as T;
}
