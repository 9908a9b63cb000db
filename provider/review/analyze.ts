// From a preview's steps to what Cognito will see: one row per UserProviderLink, the failed checks, the counts.
import { type Preview, type PreviewStep, type ResourceState, SECRET } from "./read";

/** The link's type token (permanent API, see resource.ts; not imported: this code reads JSON only). */
export const LINK_TYPE = "pulumi-nodejs:dynamic/cognito:UserProviderLink";
/** SeededUserLinks (see seeded/component.ts): its children are links, listed as such; the component itself is not "other". */
export const SEEDED_TYPE = "cognito-links:index:SeededUserLinks";
/** SeededUserLinks' exchange plan (see seeded/plan.ts): bookkeeping that calls nothing, neither listed nor counted. */
export const SEEDED_PLAN_TYPE = "pulumi-nodejs:dynamic/cognito:SeededUserLinksPlan";

export type Action = "link" | "unlink" | "relink" | "move" | "keep";
/** The order rows are listed in: what takes access away first. */
export const ACTIONS: readonly Action[] = ["unlink", "relink", "link", "move", "keep"];

/** A link in Cognito's terms. Secret values are `[secret]`. */
export interface LinkFields {
  pool: string;
  /** The destination user: a username, or `<provider>:<id>` for a federated destination. */
  user: string;
  provider: string;
  attribute: string;
  subject: string;
}

export interface LinkRow extends LinkFields {
  action: Action;
  urn: string;
  /** True when any of the fields above is a secret (shown as `[secret]`). */
  secret: boolean;
  /** For `relink`: the link being replaced. */
  before?: LinkFields;
  /** For `relink`: which part changed; for `move`: the old name or parent. */
  reason?: string;
}

export interface Failure {
  urn: string;
  /** The input the check refused (`destinationUser.providerAttributeValue`), or "" when the error names none. */
  property: string;
  reason: string;
}

export interface Summary {
  link: number;
  unlink: number;
  relink: number;
  move: number;
  keep: number;
  blocking: number;
  other: number;
}

/** The stable JSON document (`--format json`). */
export interface ReviewDocument {
  summary: Summary;
  links: LinkRow[];
  failures: Failure[];
}

export interface Review extends ReviewDocument {
  /** Every row, `keep` ones included (`links` lists them only when asked to). */
  all: LinkRow[];
  /** Resources of other types by operation (`{ create: 1, same: 4 }`). */
  otherByOp: Record<string, number>;
  /** What a reviewer must know about the input itself (a failed or partial preview, missing unchanged resources). */
  notes: string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function text(v: unknown): string {
  if (v === undefined || v === null) return "";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** The link a resource state declares, from its inputs (secrets stay `[secret]`). */
function linkFields(s: ResourceState): LinkFields {
  const i = s.inputs;
  const whole = (v: unknown): Record<string, unknown> =>
    isObject(v)
      ? v
      : typeof v === "string" // a whole object that is secret or unknown
        ? { providerName: v, providerAttributeName: v, providerAttributeValue: v }
        : {};
  const dest = whole(i.destinationUser);
  const src = whole(i.sourceUser);
  const redacted = Array.isArray(i.redactInId) ? i.redactInId.map(String) : [];
  let user = redacted.includes("destinationUser") ? SECRET : text(dest.providerAttributeValue);
  const destProvider = text(dest.providerName);
  if (destProvider !== "" && destProvider !== "Cognito") user = `${destProvider}:${user}`;
  return {
    pool: text(i.userPoolId),
    user,
    provider: text(src.providerName),
    attribute: text(src.providerAttributeName) || "Cognito_Subject",
    subject: redacted.includes("sourceUser") ? SECRET : text(src.providerAttributeValue),
  };
}

const FIELDS: readonly (keyof LinkFields)[] = ["pool", "user", "provider", "attribute", "subject"];

function hasSecret(f: LinkFields): boolean {
  return FIELDS.some((k) => f[k].includes(SECRET));
}

function nameOf(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

function parentName(urn: string | undefined): string {
  if (urn === undefined) return "(none)";
  return urn.split("::")[2] === "pulumi:pulumi:Stack" ? "the stack" : nameOf(urn);
}

/** How the resource's identity changed between old and new, or undefined when it did not. */
function moved(old: ResourceState, now: ResourceState): string | undefined {
  const parts: string[] = [];
  if (nameOf(old.urn) !== nameOf(now.urn)) parts.push(`renamed from ${nameOf(old.urn)}`);
  if (old.parent !== now.parent) {
    parts.push(`re-parented from ${parentName(old.parent)} to ${parentName(now.parent)}`);
  }
  if (parts.length === 0 && old.urn !== now.urn) parts.push(`was ${old.urn}`);
  return parts.length ? parts.join("; ") : undefined;
}

/** Which parts of the link a replacement changes, in words. */
function changedParts(before: LinkFields, after: LinkFields, step: PreviewStep): string {
  const visible = FIELDS.filter((k) => before[k] !== after[k]);
  const hidden = FIELDS.filter((k) => before[k] === after[k] && before[k].includes(SECRET));
  const parts = visible.map((k) => `${k} changed`);
  if (hidden.length) parts.push(`${hidden.join(", ")} secret: a change there is not shown`);
  if (parts.length === 0) {
    const reasons = step.replaceReasons?.length ? ` (${step.replaceReasons.join(", ")})` : "";
    parts.push(`replaced with the same link${reasons}`);
  }
  return parts.join("; ");
}

function row(action: Action, urn: string, f: LinkFields, extra: Partial<LinkRow> = {}): LinkRow {
  return { action, urn, ...f, secret: hasSecret(f), ...extra };
}

/** A link step in Cognito's terms; undefined for the halves of a replacement (its `replace` step stands for it). */
function linkRow(step: PreviewStep): LinkRow | undefined {
  const { old, new: now } = step;
  switch (step.op) {
    case "create":
      return now && row("link", step.urn, linkFields(now));
    case "delete":
      return old && row("unlink", step.urn, linkFields(old));
    case "replace":
    case "update": {
      if (!old || !now) return undefined;
      const before = linkFields(old);
      const after = linkFields(now);
      const same = FIELDS.every((k) => before[k] === after[k] && !before[k].includes(SECRET));
      const move = moved(old, now);
      if (step.op === "update" && same) {
        return row(move ? "move" : "keep", step.urn, after, move ? { reason: move } : {});
      }
      const reason = [changedParts(before, after, step), move].filter(Boolean).join("; ");
      return row("relink", step.urn, after, { before, reason });
    }
    case "same":
    case "read":
    case "import":
    case "refresh": {
      const s = now ?? old;
      if (!s) return undefined;
      const move = old && now ? moved(old, now) : undefined;
      return row(move ? "move" : "keep", step.urn, linkFields(s), move ? { reason: move } : {});
    }
    default:
      // create-replacement, delete-replaced, discard-replaced, remove-pending-replace, ...
      return undefined;
  }
}

/** `... resource 'x': property a.b value {...} has a problem: why` → `{ property: "a.b", reason: "why" }`. */
function parseFailure(message: string): { property: string; reason: string } {
  const prop = /^\S+ resource '[^']*': property (\S+) value \{[\s\S]*?\} has a problem: ([\s\S]*)$/.exec(
    message,
  );
  if (prop) return { property: prop[1] ?? "", reason: (prop[2] ?? "").trim() };
  const res = /^\S+ resource '[^']*': ([\s\S]*)$/.exec(message);
  return { property: "", reason: (res ? (res[1] ?? "") : message).trim() };
}

/**
 * An unlink and a link of the same identity to the same user: most often a link renamed without `aliases`,
 * which Cognito sees as two changes. Both rows say so (not for secret identities, which cannot be compared).
 */
function pairRenames(rows: LinkRow[]): void {
  const key = (r: LinkRow) => JSON.stringify(FIELDS.map((k) => r[k]));
  const unlinks = new Map<string, LinkRow>();
  for (const r of rows) if (r.action === "unlink" && !r.secret) unlinks.set(key(r), r);
  for (const r of rows) {
    const gone = r.action === "link" && !r.secret ? unlinks.get(key(r)) : undefined;
    if (!gone) continue;
    unlinks.delete(key(r));
    r.reason = `the same link as ${nameOf(gone.urn)}, unlinked: renamed without aliases? (an alias makes it a move)`;
    gone.reason = `linked again as ${nameOf(r.urn)}`;
  }
}

const REPLACE_OPS = ["replace", "create-replacement", "delete-replaced", "discard-replaced"];

export function analyze(preview: Preview): Review {
  const steps = distinct(preview.steps);
  const all = linkRows(steps);
  const others = otherResources(steps);
  const failures = blockingFailures(preview.diagnostics);
  const otherByOp: Record<string, number> = {};
  for (const op of others.values()) otherByOp[op] = (otherByOp[op] ?? 0) + 1;
  return {
    summary: summarize(all, failures, others.size),
    links: all.filter((r) => r.action !== "keep"),
    failures,
    all,
    otherByOp,
    notes: notesOn(preview, failures),
  };
}

/** The steps, each operation on a URN once: a repeated one is not counted twice. */
function distinct(steps: readonly PreviewStep[]): PreviewStep[] {
  const seen = new Set<string>();
  return steps.filter((step) => {
    const key = `${step.op} ${step.urn}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The link steps as rows, renames paired, in the order of ACTIONS then by name. */
function linkRows(steps: readonly PreviewStep[]): LinkRow[] {
  const rows = steps
    .filter((step) => step.type === LINK_TYPE)
    .map(linkRow)
    .filter((r): r is LinkRow => r !== undefined);
  pairRenames(rows);
  return rows.sort(
    (a, b) =>
      ACTIONS.indexOf(a.action) - ACTIONS.indexOf(b.action) ||
      nameOf(a.urn).localeCompare(nameOf(b.urn)) ||
      a.urn.localeCompare(b.urn),
  );
}

/**
 * Resources of other types by URN, with their operation: one per resource, a replacement's three steps being
 * one `replace`. The stack, providers and SeededUserLinks' component and plan are not counted.
 */
function otherResources(steps: readonly PreviewStep[]): Map<string, string> {
  const others = new Map<string, string>();
  for (const step of steps) {
    if (
      step.type === LINK_TYPE ||
      step.type === "pulumi:pulumi:Stack" ||
      step.type.startsWith("pulumi:providers:") ||
      step.type === SEEDED_TYPE ||
      step.type === SEEDED_PLAN_TYPE
    ) {
      continue;
    }
    const op = REPLACE_OPS.includes(step.op) ? "replace" : step.op;
    if (!others.has(step.urn) || op === "replace") others.set(step.urn, op);
  }
  return others;
}

/** The checks that failed, each once. */
function blockingFailures(diagnostics: Preview["diagnostics"]): Failure[] {
  const failures: Failure[] = [];
  const seen = new Set<string>();
  for (const d of diagnostics) {
    if (d.severity !== "error") continue;
    const f = { urn: d.urn ?? "", ...parseFailure(d.message) };
    const key = `${f.urn}\n${f.property}\n${f.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    failures.push(f);
  }
  return failures;
}

function summarize(all: readonly LinkRow[], failures: readonly Failure[], other: number): Summary {
  const count = (a: Action) => all.filter((r) => r.action === a).length;
  return {
    link: count("link"),
    unlink: count("unlink"),
    relink: count("relink"),
    move: count("move"),
    keep: count("keep"),
    blocking: failures.length,
    other,
  };
}

/** What a reviewer must know about the input itself: an update's log, a failed or unfinished preview, sames left out. */
function notesOn(preview: Preview, failures: readonly Failure[]): string[] {
  const notes: string[] = [];
  if (preview.isPreview === false)
    notes.push("This is the log of an update (`pulumi up`), not of a preview.");
  if (failures.length > 0 || preview.result === "failed") {
    notes.push(
      "The preview failed. Pulumi stops at the first failed check, so links after it are not in this report " +
        "and more checks may fail: fix what blocks and preview again.",
    );
  } else if (preview.format === "events" && preview.result === undefined) {
    notes.push("The event log ends before the preview's summary: the preview may not have finished.");
  }
  if (preview.format === "json" && preview.changes) {
    const listed = preview.steps.filter((s) => s.op === "same").length;
    const missing = (preview.changes.same ?? 0) - listed;
    if (missing > 0) {
      notes.push(
        `${missing} unchanged resource(s) are not itemized in this \`pulumi preview --json\` output, so links ` +
          "that are renamed or re-parented (`move`) or unchanged (`keep`) cannot be told apart and are not " +
          "counted: run `pulumi preview --json --show-sames`, or use `--event-log`.",
      );
    }
  }
  return notes;
}
