// Reads what `pulumi preview` wrote, in either of its machine formats, into one shape: the steps and the errors.
//
// - `pulumi preview --json`: one JSON document `{ steps, diagnostics, changeSummary, duration }`. Each step has
//   `op`, `urn`, `oldState` and `newState` (`{ urn, type, parent, inputs }`); a replacement is one `replace`
//   step. Unchanged resources (`same`) are listed only with `--show-sames`; `changeSummary` counts them anyway.
// - an engine event log (`pulumi preview --event-log FILE`, the Automation API's `onEvent`, or `--json` with
//   PULUMI_ENABLE_STREAMING_JSON_PREVIEW): one event per line. Steps are `resourcePreEvent.metadata`
//   (`op`, `urn`, `old`, `new`); a replacement is three (`delete-replaced`, `replace`, `create-replacement`);
//   unchanged resources are always there; `summaryEvent` closes a complete log.
//
// Secret values are `"[secret]"` in the first and a signature object (`{ "4dabf…": "1b47…", ciphertext }`,
// or with a `value` in other contexts) in the second: both become the SECRET marker here, and the value of a
// secret is never read. Debug diagnostics (the SDK's, which may echo a program's inputs) are never kept.

/** The marker every secret value becomes. */
export const SECRET = "[secret]";
/** The engine's marker for a value not known until the update (pulumi/pulumi#6310). */
export const UNKNOWN_MARKER = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** What an unknown value becomes. */
export const UNKNOWN = "(known after up)";
/** The signature key of a secret in the engine's wire format. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** An input that is not a preview: what went wrong, in one line. */
export class UnreadableInput extends Error {}

/** A resource's state on one side of a step: only what the review needs. */
export interface ResourceState {
  urn: string;
  type: string;
  parent?: string;
  /** The inputs without `__provider`; secret values replaced by SECRET, unknown ones by UNKNOWN. */
  inputs: Record<string, unknown>;
}

export interface PreviewStep {
  op: string;
  urn: string;
  type: string;
  old?: ResourceState;
  new?: ResourceState;
  /** The properties whose change forces the replacement, when the CLI says (`--json` only). */
  replaceReasons?: string[];
}

export interface PreviewDiagnostic {
  urn?: string;
  severity: string;
  /** Without the `error: ` prefix, trimmed. */
  message: string;
}

export interface Preview {
  format: "json" | "events";
  steps: PreviewStep[];
  /** Error and warning diagnostics (never debug or info ones). */
  diagnostics: PreviewDiagnostic[];
  /** The CLI's counts per operation, when the input has them. */
  changes?: Record<string, number>;
  /** `succeeded` / `failed` when an event log has its summary; `undefined` when it ends before it. */
  result?: string;
  /** `false` when the input is an update's log rather than a preview's. */
  isPreview?: boolean;
}

const EVENT_KEYS = [
  "cancelEvent",
  "stdoutEvent",
  "diagnosticEvent",
  "preludeEvent",
  "summaryEvent",
  "resourcePreEvent",
  "resOutputsEvent",
  "resOpFailedEvent",
  "policyEvent",
  "engineEvent",
  "startDebuggingEvent",
  "progressEvent",
  "errorEvent",
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** True for `{ sequence, timestamp, <one of the event kinds> }`. */
function isEngineEvent(v: unknown): v is Record<string, unknown> {
  return isObject(v) && typeof v.sequence === "number" && EVENT_KEYS.some((k) => k in v);
}

function isSecretValue(v: unknown): boolean {
  return v === SECRET || (isObject(v) && v[SECRET_SIG] === SECRET_SIG_VALUE);
}

/** A copy of inputs without `__provider`, with secrets and unknowns replaced by their markers. */
function clean(v: unknown, top = false): unknown {
  if (isSecretValue(v)) return SECRET;
  if (v === UNKNOWN_MARKER) return UNKNOWN;
  if (Array.isArray(v)) return v.map((e) => clean(e));
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v)) if (!(top && k === "__provider")) out[k] = clean(e);
    return out;
  }
  return v;
}

function state(v: unknown): ResourceState | undefined {
  if (!isObject(v) || typeof v.urn !== "string" || v.urn === "") return undefined;
  return {
    urn: v.urn,
    type: typeof v.type === "string" ? v.type : typeFromUrn(v.urn),
    parent: typeof v.parent === "string" && v.parent !== "" ? v.parent : undefined,
    inputs: isObject(v.inputs) ? (clean(v.inputs, true) as Record<string, unknown>) : {},
  };
}

/** `urn:pulumi:stack::project::a$b::name` → `b` (the resource's own type, after its parents' types). */
function typeFromUrn(urn: string): string {
  const parts = urn.split("::");
  const types = parts.length >= 4 ? (parts[2] ?? "") : "";
  return types.split("$").pop() ?? "";
}

function diagnostic(v: unknown): PreviewDiagnostic | undefined {
  if (!isObject(v) || typeof v.message !== "string") return undefined;
  const severity = typeof v.severity === "string" ? v.severity : "info";
  if (severity !== "error" && severity !== "warning") return undefined;
  const message = v.message.replace(/^(error|warning): /, "").trim();
  return { urn: typeof v.urn === "string" && v.urn !== "" ? v.urn : undefined, severity, message };
}

/** The document `pulumi preview --json` prints. */
function fromJsonDocument(doc: unknown): Preview {
  if (!isObject(doc) || !Array.isArray(doc.steps)) {
    const keys = isObject(doc) ? Object.keys(doc).slice(0, 5).join(", ") : typeof doc;
    throw new UnreadableInput(
      `not a \`pulumi preview --json\` document (no "steps" list; found ${keys || "nothing"})`,
    );
  }
  const steps: PreviewStep[] = [];
  doc.steps.forEach((s, i) => {
    if (!isObject(s) || typeof s.op !== "string" || typeof s.urn !== "string") {
      throw new UnreadableInput(`steps[${i}] has no op and urn: not a \`pulumi preview --json\` step`);
    }
    const old = state(s.oldState);
    const now = state(s.newState);
    steps.push({
      op: s.op,
      urn: s.urn,
      type: now?.type ?? old?.type ?? typeFromUrn(s.urn),
      old,
      new: now,
      replaceReasons: Array.isArray(s.replaceReasons) ? s.replaceReasons.map(String) : undefined,
    });
  });
  const diagnostics = (Array.isArray(doc.diagnostics) ? doc.diagnostics : []).flatMap((d) => {
    const r = diagnostic(d);
    return r ? [r] : [];
  });
  const changes = isObject(doc.changeSummary) ? (doc.changeSummary as Record<string, number>) : undefined;
  return { format: "json", steps, diagnostics, changes };
}

/** Collects engine events one at a time (an event log can be too large to hold as one string). */
class EventLogReader {
  private readonly steps: PreviewStep[] = [];
  private readonly diagnostics: PreviewDiagnostic[] = [];
  private changes?: Record<string, number>;
  private result?: string;
  private isPreview?: boolean;
  private count = 0;

  add(event: unknown, line: number): void {
    if (!isEngineEvent(event)) {
      throw new UnreadableInput(
        `line ${line} is not an engine event: not a \`pulumi preview --event-log\` file`,
      );
    }
    this.count++;
    const pre = event.resourcePreEvent;
    if (isObject(pre) && isObject(pre.metadata)) {
      const m = pre.metadata;
      if (typeof m.op === "string" && typeof m.urn === "string") {
        const old = state(m.old);
        const now = state(m.new);
        this.steps.push({
          op: m.op,
          urn: m.urn,
          type: typeof m.type === "string" ? m.type : typeFromUrn(m.urn),
          old,
          new: now,
        });
      }
    }
    const d = diagnostic(event.diagnosticEvent);
    if (d) this.diagnostics.push(d);
    const summary = event.summaryEvent;
    if (isObject(summary)) {
      if (isObject(summary.resourceChanges)) this.changes = summary.resourceChanges as Record<string, number>;
      if (typeof summary.result === "string") this.result = summary.result;
      else this.result ??= "succeeded";
      if (typeof summary.isPreview === "boolean") this.isPreview = summary.isPreview;
    }
  }

  finish(): Preview {
    if (this.count === 0) throw new UnreadableInput("the event log holds no events");
    return {
      format: "events",
      steps: this.steps,
      diagnostics: this.diagnostics,
      changes: this.changes,
      result: this.result,
      isPreview: this.isPreview,
    };
  }
}

function parseLine(line: string, n: number): unknown {
  try {
    return JSON.parse(line);
  } catch (e) {
    throw new UnreadableInput(`line ${n} is not JSON (${(e as Error).message})`);
  }
}

/**
 * Reads a preview from its text, given line by line (`lines` may be a stream's lines): an event log when its
 * first non-empty line is a complete engine event, else one `--json` document.
 */
export async function readPreview(lines: AsyncIterable<string> | Iterable<string>): Promise<Preview> {
  let mode: "unknown" | "events" | "json" = "unknown";
  const events = new EventLogReader();
  const text: string[] = [];
  let n = 0;
  for await (const raw of lines) {
    n++;
    const line = raw.trim();
    if (mode === "unknown") {
      if (line === "") continue;
      let first: unknown;
      try {
        first = JSON.parse(line);
      } catch {
        first = undefined;
      }
      mode = isEngineEvent(first) ? "events" : "json";
    }
    if (mode === "events") {
      if (line !== "") events.add(parseLine(line, n), n);
    } else {
      text.push(raw);
    }
  }
  if (mode === "unknown") throw new UnreadableInput("the input is empty");
  if (mode === "events") return events.finish();
  let doc: unknown;
  try {
    doc = JSON.parse(text.join("\n"));
  } catch (e) {
    throw new UnreadableInput(
      `neither a \`pulumi preview --json\` document nor an event log: ${(e as Error).message}`,
    );
  }
  return fromJsonDocument(doc);
}
