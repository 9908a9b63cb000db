// Loads modules as @pulumi/pulumi itself resolves them, so our messages and gRPC stubs are the engine-facing ones.
import * as path from "path";

/** The directory of the @pulumi/pulumi package the tests run against. */
export const pulumiDir: string = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

/** `require(id)` from inside @pulumi/pulumi (its @grpc/grpc-js, google-protobuf, internal runtime modules). */
export function pulumiRequire<T>(id: string): T {
  return require(require.resolve(id, { paths: [pulumiDir] })) as T;
}
