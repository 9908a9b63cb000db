// The review as markdown (a pull-request comment), text (a terminal or a CI log) or the stable JSON document.
import {
  type Action,
  ACTIONS,
  type Failure,
  type LinkFields,
  type LinkRow,
  type Review,
  type ReviewDocument,
} from "./analyze";

export type Format = "markdown" | "text" | "json";
export const FORMATS: readonly Format[] = ["markdown", "text", "json"];

export interface RenderOptions {
  /** List `keep` rows too (they are counted either way). */
  all?: boolean;
  /** Markdown: change rows listed before the table folds into `<details>` (default 20). */
  foldAfter?: number;
  /** Markdown: the most characters to print (default 60,000; GitHub refuses comments over 65,536). */
  maxChars?: number;
}

const FOLD_AFTER = 20;
const MAX_CHARS = 60_000;

/** `1 link · 2 unlink · ...`, every count, in a fixed order. */
function counts(r: Review, sep: string): string {
  const s = r.summary;
  const other = Object.entries(r.otherByOp)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${n}`)
    .join(", ");
  return [
    `${s.link} link`,
    `${s.unlink} unlink`,
    `${s.relink} relink`,
    `${s.move} move`,
    `${s.keep} keep`,
    `${s.blocking} blocking`,
    `${s.other} other${other ? ` (${other})` : ""}`,
  ].join(sep);
}

function rowsOf(r: Review, all: boolean): LinkRow[] {
  return all ? r.all : r.links;
}

function shortName(urn: string): string {
  return urn.split("::").slice(3).join("::") || urn;
}

/** `1098765`, or `email=bob@corp.example` when the link is by another attribute. */
function identity(f: LinkFields): string {
  return f.attribute === "Cognito_Subject" ? f.subject : `${f.attribute}=${f.subject}`;
}

// ---- markdown

/** A table cell: a code span when possible (values are whatever the program said), else escaped text. */
function code(v: string): string {
  if (v === "") return "";
  const flat = v.replace(/\s+/g, " ");
  if (!flat.includes("`")) return `\`${flat.replace(/\|/g, "\\|")}\``;
  return flat.replace(/[\\`*_{}[\]<>()#+!|~-]/g, (c) => `\\${c}`);
}

function prose(v: string): string {
  return v.replace(/\s+/g, " ").replace(/[\\`*_{}[\]<>#|~]/g, (c) => `\\${c}`);
}

/** `old → new` for a field a relink changes, else the value. */
function changed(before: string | undefined, after: string): string {
  return before !== undefined && before !== after ? `${code(before)} → ${code(after)}` : code(after);
}

function markdownRow(r: LinkRow): string {
  const b = r.before;
  const cells = [
    `**${r.action}**`,
    code(shortName(r.urn)),
    changed(b?.pool, r.pool),
    changed(b?.user, r.user),
    changed(b?.provider, r.provider),
    changed(b && identity(b), identity(r)),
    r.reason ? prose(r.reason) : "",
  ];
  return `| ${cells.join(" | ")} |`;
}

const MD_HEAD =
  "| action | link | pool | user | provider | subject | what changes |\n|---|---|---|---|---|---|---|";

function markdownFailure(f: Failure): string {
  return `| ${code(shortName(f.urn)) || "(the program)"} | ${code(f.property)} | ${prose(f.reason)} |`;
}

export function markdown(r: Review, opts: RenderOptions = {}): string {
  const foldAfter = opts.foldAfter ?? FOLD_AFTER;
  const maxChars = opts.maxChars ?? MAX_CHARS;
  const out: string[] = [`**Cognito links:** ${counts(r, " · ")}`, ""];
  for (const n of r.notes) out.push(`> ${n}`, ""); // notes are this module's own words
  if (r.failures.length) {
    out.push(`**Blocking:** ${r.failures.length} failed check(s)`, "");
    out.push("| resource | property | reason |", "|---|---|---|", ...r.failures.map(markdownFailure), "");
  }
  const rows = rowsOf(r, opts.all ?? false);
  if (rows.length === 0) {
    if (r.failures.length) out.push("No link changes listed.");
    else out.push(r.summary.keep ? `No link changes (${r.summary.keep} unchanged).` : "No link changes.");
    return `${out.join("\n")}\n`;
  }
  const fold = rows.length > foldAfter;
  const byAction = ACTIONS.map((a) => [a, rows.filter((x) => x.action === a).length] as [Action, number])
    .filter(([, n]) => n > 0)
    .map(([a, n]) => `${n} ${a}`)
    .join(", ");
  const open = fold ? [`<details><summary>${rows.length} link rows (${byAction})</summary>`, ""] : [];
  const close = fold ? ["", "</details>"] : [];
  let used = out.join("\n").length + open.join("\n").length + close.join("\n").length + MD_HEAD.length + 300;
  const table = [MD_HEAD];
  let shown = 0;
  for (const x of rows) {
    const line = markdownRow(x);
    if (used + line.length + 1 > maxChars) break;
    table.push(line);
    used += line.length + 1;
    shown++;
  }
  out.push(...open, ...table);
  if (shown < rows.length) {
    out.push(
      "",
      `… and ${rows.length - shown} more row(s), left out to fit a pull-request comment: ` +
        "`cognito-link-review --format text` lists them all.",
    );
  }
  out.push(...close);
  return `${out.join("\n")}\n`;
}

// ---- text

function pad(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

function plainChange(before: string | undefined, after: string): string {
  return before !== undefined && before !== after ? `${before} -> ${after}` : after;
}

export function plain(r: Review, opts: RenderOptions = {}): string {
  const out: string[] = [`cognito-link-review: ${counts(r, ", ")}`];
  for (const n of r.notes) out.push(`note: ${n.replace(/`/g, "")}`);
  if (r.failures.length) {
    out.push("");
    out.push(
      ...pad(
        r.failures.map((f) => ["BLOCKING", shortName(f.urn) || "(the program)", f.property || "-", f.reason]),
      ),
    );
  }
  const rows = rowsOf(r, opts.all ?? false);
  if (rows.length) {
    out.push("");
    out.push(
      ...pad([
        ["ACTION", "LINK", "POOL", "USER", "PROVIDER", "SUBJECT", "WHAT CHANGES"],
        ...rows.map((x) => [
          x.action,
          shortName(x.urn),
          plainChange(x.before?.pool, x.pool),
          plainChange(x.before?.user, x.user),
          plainChange(x.before?.provider, x.provider),
          plainChange(x.before && identity(x.before), identity(x)),
          x.reason ?? "",
        ]),
      ]),
    );
  }
  return `${out.map((l) => l.replace(/[\r\n]+/g, " ")).join("\n")}\n`;
}

// ---- json

export function document(r: Review, opts: RenderOptions = {}): ReviewDocument {
  return { summary: r.summary, links: rowsOf(r, opts.all ?? false), failures: r.failures };
}

export function render(r: Review, format: Format, opts: RenderOptions = {}): string {
  if (format === "json") return `${JSON.stringify(document(r, opts), null, 2)}\n`;
  return format === "text" ? plain(r, opts) : markdown(r, opts);
}
