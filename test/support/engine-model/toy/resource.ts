// The toy dynamic resource `pulumi-nodejs:dynamic/toy:Record`, used to prove the engine harness.
import * as pulumi from "@pulumi/pulumi";
import { ToyProvider, type ToyInputs } from "./provider";

export type ToyRecordArgs = { [K in keyof ToyInputs]: pulumi.Input<ToyInputs[K]> };

export const TOY_TYPE = "pulumi-nodejs:dynamic/toy:Record";

const provider = new ToyProvider();

export class ToyRecord extends pulumi.dynamic.Resource {
  public readonly dir!: pulumi.Output<string>;
  public readonly recordName!: pulumi.Output<string>;
  public readonly group!: pulumi.Output<string | undefined>;
  public readonly value!: pulumi.Output<string | undefined>;
  public readonly token!: pulumi.Output<string | undefined>;

  constructor(name: string, args: ToyRecordArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      { group: undefined, value: undefined, token: undefined, ...args },
      opts,
      "toy",
      "Record",
    );
  }
}
