// The toy dynamic provider: each record is a JSON file in the directory given by the `dir` input, and every call
// appends a line to `dir/log.jsonl`, so the effects of check/create/read/delete are observable from the test.
// This module is serialized into `__provider`: it may import only Node built-ins and types.
import * as fs from "fs";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";

/** The toy's inputs, echoed as its outputs. */
export interface ToyInputs {
  dir: string;
  recordName: string;
  /** Changing it replaces the record; with the same recordName the provider asks to delete first. */
  group?: string;
  value?: string;
  token?: string;
  /** Makes create write the record and then fail with an error that carries the id (a partial create). */
  failInit?: boolean;
  /** Makes create take this long, so concurrent creates overlap. */
  delayMs?: number;
}

const NAME = /^[a-z0-9-]+$/;
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export class ToyProvider implements pulumi.dynamic.ResourceProvider<ToyInputs, ToyInputs> {
  private label: string | undefined;

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    // "label" is project-scoped: it resolves to "<project>:label" through PULUMI_NODEJS_PROJECT.
    this.label = req.config.get("label");
  }

  async check(olds: ToyInputs, news: ToyInputs): Promise<pulumi.dynamic.CheckResult<ToyInputs>> {
    log(news.dir, {
      op: "check",
      recordName: news.recordName,
      group: news.group,
      olds: Object.keys(olds).length,
    });
    const failures: pulumi.dynamic.CheckFailure[] = [];
    if (news.recordName !== UNKNOWN && !NAME.test(news.recordName)) {
      failures.push({ property: "recordName", reason: "must be lowercase letters, digits and dashes" });
    }
    return { inputs: news, failures };
  }

  async diff(_id: string, olds: ToyInputs, news: ToyInputs): Promise<pulumi.dynamic.DiffResult> {
    const replaces = (["recordName", "group"] as const).filter((k) => olds[k] !== news[k]);
    const changes = replaces.length > 0 || olds.value !== news.value || olds.token !== news.token;
    return {
      changes,
      replaces,
      deleteBeforeReplace: replaces.length > 0 && olds.recordName === news.recordName,
    };
  }

  async create(inputs: ToyInputs): Promise<pulumi.dynamic.CreateResult<ToyInputs>> {
    const file = path.join(inputs.dir, `${inputs.recordName}.json`);
    if (fs.existsSync(file)) throw new Error(`record ${inputs.recordName} already exists`);
    if (inputs.delayMs) await new Promise((resolve) => setTimeout(resolve, inputs.delayMs));
    // The host adds __provider back to the outputs; the record keeps the inputs only.
    const { __provider: _serialized, ...record } = inputs as ToyInputs & { __provider?: string };
    fs.writeFileSync(file, JSON.stringify(record));
    log(inputs.dir, { op: "create", recordName: inputs.recordName, group: inputs.group, label: this.label });
    if (inputs.failInit) {
      throw Object.assign(new Error(`record ${inputs.recordName} failed to initialize`), {
        id: inputs.recordName,
        properties: record,
        reasons: ["failInit was set"],
      });
    }
    return { id: inputs.recordName, outs: record };
  }

  async read(id: string, props?: ToyInputs): Promise<pulumi.dynamic.ReadResult<ToyInputs>> {
    if (props === undefined) throw new Error("read needs the stored outputs");
    const file = path.join(props.dir, `${id}.json`);
    log(props.dir, { op: "read", recordName: id });
    if (!fs.existsSync(file)) return { id: "", props: {} as ToyInputs };
    return { id, props: JSON.parse(fs.readFileSync(file, "utf8")) as ToyInputs };
  }

  async delete(id: string, props: ToyInputs): Promise<void> {
    fs.rmSync(path.join(props.dir, `${id}.json`), { force: true });
    log(props.dir, { op: "delete", recordName: id, group: props.group });
  }
}

function log(dir: string, entry: Record<string, unknown>): void {
  fs.appendFileSync(path.join(dir, "log.jsonl"), `${JSON.stringify(entry)}\n`);
}
