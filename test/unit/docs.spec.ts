// What users read: hover text of the public types, the README and docs/ against the code, the package and
// every citation of docs/cognito.md.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { PREFLIGHT_OFF_VALUES } from "../../provider/config";
import { OPERATION_CATEGORY } from "../../provider/ratelimit";
import { REPO_ROOT } from "../support/paths";

const read = (file: string): string => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
const squash = (text: string): string => text.replace(/\s+/g, " ").trim();

/** The cells of a Markdown table row, `| a | b |` → ["a", "b"] (no escaped pipes in our tables). */
const cells = (row: string): string[] =>
  row
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((c) => c.trim());

/** The rows of the first table after `heading`, header and rule left out. */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.replace(/^#+\s*/, "") === heading && l.startsWith("#"));
  assert.ok(start >= 0, `no heading "${heading}"`);
  const first = lines.findIndex((l, i) => i > start && l.startsWith("|"));
  assert.ok(first > start, `no table after "${heading}"`);
  const rows: string[][] = [];
  for (let i = first + 2; i < lines.length && lines[i]?.startsWith("|"); i++)
    rows.push(cells(lines[i] ?? ""));
  return rows;
}

/** The text of the inline code spans of a Markdown fragment (single backticks). */
const codeSpans = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? "");

/** Link targets of a Markdown text: inline links and images, reference definitions, HTML href/src. Code is skipped. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
  return [
    ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? ""),
    ...[...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1] ?? ""),
    ...[...prose.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1] ?? ""),
  ];
}

const isExternal = (target: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** Relative links of a Markdown file at `from` (a path from REPO_ROOT) that do not name a file in `shipped`. */
function unshippedLinks(markdown: string, from: string, shipped: readonly string[]): string[] {
  return linkTargets(markdown)
    .filter((t) => !isExternal(t) && !t.startsWith("#"))
    .filter((t) => {
      const file = path.posix.normalize(
        path.posix.join(path.posix.dirname(from), decodeURI(t.split("#")[0] ?? "")),
      );
      return !shipped.includes(file);
    });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens (duplicates numbered). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, "");
  for (const m of prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (m[1] ?? "")
      .replace(/<[^>]+>/g, "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  for (const m of prose.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1] ?? "");
  return anchors;
}

/** In-page links (`#anchor`) of a Markdown text that reach no heading or anchor of it. */
function brokenAnchors(markdown: string): string[] {
  const anchors = anchorsOf(markdown);
  return linkTargets(markdown)
    .filter((t) => t.startsWith("#"))
    .filter((t) => !anchors.has(decodeURIComponent(t.slice(1))));
}

/** What docs/cognito.md offers to cite: `§N` from its headings, row ids from its `row-<id>` anchors. */
function citableIds(doc: string): Set<string> {
  const ids = new Set<string>();
  for (const m of doc.matchAll(/^#{1,6}\s+(§\d+)\b/gm)) ids.add(m[1] ?? "");
  for (const m of doc.matchAll(/<a id="row-([A-Z]\d+)"><\/a>\s*\1\b/g)) ids.add(m[1] ?? "");
  return ids;
}

/**
 * Sections and rows cited right after `docs/cognito.md` in a text: `§2`, `row L12`, `R6, R7, R8`, `§3 (L1-L12,
 * D1-D4)` (both ends of a range), and `#row-L13` anchors of links to the file.
 */
function citedIds(text: string): string[] {
  const id = String.raw`(?:§\d+|[LDR]\d+)`;
  const list = new RegExp(
    String.raw`docs/cognito\.md((?:(?:[\s,;(]|\band\b)*(?:rows?\s+)?${id}(?:\s*-\s*${id})?)*)`,
    "g",
  );
  const cited: string[] = [];
  for (const m of text.matchAll(list))
    cited.push(...[...(m[1] ?? "").matchAll(new RegExp(id, "g"))].map((x) => x[0]));
  for (const m of text.matchAll(/cognito\.md#row-([A-Za-z]\d+)/g)) cited.push(m[1] ?? "");
  return cited;
}

const NOT_SCANNED = new Set([
  "node_modules",
  ".git",
  ".tools",
  "dist",
  ".pulumi",
  ".emulator-state",
  ".work",
]);

/** Every text file of the repository that may cite docs/cognito.md (recorded states and tool folders left out). */
function repositoryFiles(dir = REPO_ROOT): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const relative = path.relative(REPO_ROOT, full).split(path.sep).join("/");
    if (entry.isDirectory()) {
      if (!NOT_SCANNED.has(entry.name) && relative !== "test/support/fixtures")
        files.push(...repositoryFiles(full));
    } else if (entry.isFile() && relative !== "docs/cognito.md" && fs.statSync(full).size < 2_000_000) {
      files.push(relative);
    }
  }
  return files;
}

/** `file: id` for each citation of docs/cognito.md in `files` that names a section or row the page lacks. */
function missingCitations(doc: string, files: Record<string, string>): string[] {
  const known = citableIds(doc);
  return Object.entries(files).flatMap(([file, text]) =>
    citedIds(text)
      .filter((id) => !known.has(id))
      .map((id) => `${file}: ${id}`),
  );
}

/** What `npm pack` would put in the package, without building it (the links checked here are not to dist/). */
function packedFiles(): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [info] = JSON.parse(out) as { files: { path: string }[] }[];
  assert.ok(info, `npm pack printed nothing: ${out}`);
  return info.files.map((f) => f.path);
}

describe("documentation", function () {
  this.timeout(60_000);
  let checker: ts.TypeChecker;
  let index: ts.SourceFile;

  before(() => {
    const program = ts.createProgram([path.join(REPO_ROOT, "provider/index.ts")], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    });
    checker = program.getTypeChecker();
    const file = program.getSourceFile(path.join(REPO_ROOT, "provider/index.ts"));
    assert.ok(file);
    index = file;
  });

  const exported = (name: string): ts.Symbol => {
    const module = checker.getSymbolAtLocation(index);
    assert.ok(module);
    const symbol = checker.getExportsOfModule(module).find((s) => s.name === name);
    assert.ok(symbol, `provider/index.ts exports no ${name}`);
    return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  };
  const docOf = (s: ts.Symbol): string => ts.displayPartsToString(s.getDocumentationComment(checker)).trim();

  it("gives every input of a link a TSDoc comment, on the args type and on the resource's outputs", () => {
    const args = checker.getDeclaredTypeOfSymbol(exported("UserProviderLinkArgs"));
    const resource = checker.getDeclaredTypeOfSymbol(exported("UserProviderLink"));
    for (const type of [args, resource]) {
      for (const name of ["userPoolId", "destinationUser", "sourceUser"]) {
        const member = type.getProperty(name);
        assert.ok(member, `${checker.typeToString(type)} has no ${name}`);
        assert.notStrictEqual(docOf(member), "", `${checker.typeToString(type)}.${name} has no TSDoc`);
      }
    }
    for (const name of ["providerType", "linkedAt", "schemaVersion"]) {
      const member = resource.getProperty(name);
      assert.ok(member);
      assert.notStrictEqual(docOf(member), "", `UserProviderLink.${name} has no TSDoc`);
    }
  });

  it("names the wrapped-args helper so that hover text does not read like pulumi.Inputs", () => {
    const args = exported("UserProviderLinkArgs");
    const declaration = args.declarations?.[0];
    assert.ok(declaration && ts.isTypeAliasDeclaration(declaration));
    assert.doesNotMatch(declaration.type.getText(), /^Inputs</);
  });

  it("lists the same COGNITO_LINK_PREFLIGHT values in both READMEs as the code accepts", () => {
    for (const readme of ["README.md", "examples/pipeline/README.md"]) {
      const row = fs
        .readFileSync(path.join(REPO_ROOT, readme), "utf8")
        .split("\n")
        .find((line) => line.startsWith("| `COGNITO_LINK_PREFLIGHT`"));
      assert.ok(row, `${readme} has no COGNITO_LINK_PREFLIGHT row`);
      const values = [
        ...row
          .split("|")
          .slice(2)
          .join("|")
          .matchAll(/`([^`]+)`/g),
      ].map((m) => m[1]);
      assert.deepStrictEqual(values.sort(), [...PREFLIGHT_OFF_VALUES].sort(), readme);
    }
  });

  it("starts each row of the README's input and output tables with the TSDoc of that property", () => {
    const readme = read("README.md");
    const docAt = (type: ts.Type, dotted: string): string => {
      let symbol: ts.Symbol | undefined;
      let current = type;
      for (const part of dotted.split(".")) {
        symbol = checker.getNonNullableType(current).getProperty(part);
        assert.ok(symbol, `${checker.typeToString(type)} has no ${dotted}`);
        current = checker.getTypeOfSymbol(symbol);
      }
      assert.ok(symbol);
      return squash(docOf(symbol));
    };
    const tables: [string, ts.Type, number][] = [
      ["Inputs", checker.getDeclaredTypeOfSymbol(exported("LinkArgs")), 9],
      ["Outputs", checker.getDeclaredTypeOfSymbol(exported("UserProviderLink")), 6],
    ];
    for (const [heading, type, count] of tables) {
      const rows = tableAfter(readme, heading);
      assert.strictEqual(rows.length, count, `rows of the README's ${heading} table`);
      for (const row of rows) {
        const name = codeSpans(row[0] ?? "")[0] ?? "";
        const tsdoc = docAt(type, name);
        assert.notStrictEqual(tsdoc, "", `${name} has no TSDoc`);
        const description = squash(row[row.length - 1] ?? "");
        assert.ok(
          description.startsWith(tsdoc),
          `README ${heading} row ${name} must start with its TSDoc:\n  TSDoc:  ${tsdoc}\n  README: ${description}`,
        );
      }
    }
  });

  it("quotes in the README's troubleshooting table only messages the provider prints", () => {
    const sources = [
      ...fs.readdirSync(path.join(REPO_ROOT, "provider"), { recursive: true, encoding: "utf8" }),
    ]
      .filter((f) => f.endsWith(".ts"))
      .map((f) => read(path.join("provider", f)))
      .join("\n")
      // Adjacent string literals joined with `+` read as one message.
      .replace(/([`"'])\s*\+\s*\n?\s*([`"'])/g, "");
    // Not the provider's: Pulumi's own message, quoted for the remedy.
    const fromElsewhere = ["the stack is currently locked"];
    const rows = tableAfter(read("README.md"), "Troubleshooting");
    assert.ok(rows.length >= 15, `only ${rows.length} troubleshooting rows`);
    for (const row of rows) {
      const quoted = codeSpans(row[0] ?? "");
      assert.ok(quoted.length > 0, `troubleshooting row without a quoted message: ${row[0]}`);
      for (const piece of quoted.flatMap((q) => q.split(/\.\.\.|…/)).map((q) => q.trim())) {
        if (piece === "" || fromElsewhere.includes(piece)) continue;
        assert.ok(sources.includes(piece), `the README quotes "${piece}", which provider/ never prints`);
      }
    }
  });

  it("names in the README's supported-versions table the versions package.json pins", () => {
    const pkg = JSON.parse(read("package.json"));
    const rows = tableAfter(read("README.md"), "Supported versions, as tested");
    const [oldest, newest] = rows;
    assert.strictEqual(rows.length, 2);
    const floorNode = /^>=(\d+)$/.exec(pkg.engines.node)?.[1];
    assert.ok(
      oldest?.[0]?.startsWith(`${floorNode}.`),
      `the first row tests the oldest supported Node, ${floorNode}`,
    );
    assert.match(oldest?.[1] ?? "", new RegExp(`^${pkg.devDependencies["@pulumi/pulumi"]}\\b`));
    assert.strictEqual(newest?.[0], pkg.config.currentPulumi.node);
    assert.match(newest?.[1] ?? "", new RegExp(`^${pkg.config.currentPulumi.pulumi}\\b`));
    for (const row of rows) assert.strictEqual(row[2], pkg.config.pulumiCliVersion);
    const floor = /^\^(\d+\.\d+)\./.exec(pkg.peerDependencies["@pulumi/pulumi"])?.[1];
    assert.ok(
      floor && read("README.md").includes(`\`@pulumi/pulumi\` (${floor} or later)`),
      "the peer range's floor",
    );
  });

  it("ships compiled code only for a source in provider/ (a moved module's old output does not linger)", () => {
    const orphans = packedFiles()
      .filter((f) => f.startsWith("dist/provider/"))
      .map((f) => f.replace(/^dist\//, "").replace(/\.d\.ts$|\.js$/, ".ts"))
      .filter((source) => !fs.existsSync(path.join(REPO_ROOT, source)));
    assert.deepStrictEqual(orphans, []);
  });

  describe("links", () => {
    it("from the README reach only files the package ships (npm pack)", () => {
      const shipped = packedFiles();
      assert.ok(shipped.includes("README.md") && shipped.includes("package.json"), shipped.join(", "));
      assert.deepStrictEqual(unshippedLinks(read("README.md"), "README.md", shipped), []);
    });

    it("would catch a README link to a file that does not ship", () => {
      const shipped = ["README.md", "LICENSE", "docs/cognito.md", "package.json"];
      const readme =
        "See [the reference](docs/cognito.md#row-L13), [dev](docs/development.md) and [x](https://e.org/a).";
      assert.deepStrictEqual(unshippedLinks(readme, "README.md", shipped), ["docs/development.md"]);
    });

    it("from docs/ and the examples' READMEs reach files that exist", () => {
      const pages = [
        ...fs.readdirSync(path.join(REPO_ROOT, "docs")).map((f) => `docs/${f}`),
        ...fs.readdirSync(path.join(REPO_ROOT, "examples")).map((d) => `examples/${d}/README.md`),
      ].filter((f) => f.endsWith(".md") && fs.existsSync(path.join(REPO_ROOT, f)));
      const existing = (from: string) =>
        linkTargets(read(from))
          .filter((t) => !isExternal(t) && !t.startsWith("#"))
          .filter(
            (t) => !fs.existsSync(path.join(REPO_ROOT, path.dirname(from), decodeURI(t.split("#")[0] ?? ""))),
          )
          .map((t) => `${from}: ${t}`);
      assert.deepStrictEqual(pages.flatMap(existing), []);
    });

    it("within the README and docs/ reach a heading or anchor of the page", () => {
      const pages = ["README.md", ...fs.readdirSync(path.join(REPO_ROOT, "docs")).map((f) => `docs/${f}`)];
      const broken = pages.flatMap((page) => brokenAnchors(read(page)).map((a) => `${page}: ${a}`));
      assert.deepStrictEqual(broken, []);
      // Links into docs/cognito.md from elsewhere name its row anchors, checked with the citations below.
    });

    it("would catch an in-page link to a heading that does not exist", () => {
      const page =
        "## §1 Wire format\n\n### What stays your job\n\nSee [§1](#1-wire-format), [job](#what-stays-your-job), [gone](#gone).";
      assert.deepStrictEqual(brokenAnchors(page), ["#gone"]);
    });
  });

  describe("citations of docs/cognito.md", () => {
    const doc = () => read("docs/cognito.md");

    it("has every section §1-§6 and each row of its behaviour table as an anchor", () => {
      const ids = citableIds(doc());
      for (let n = 1; n <= 6; n++) assert.ok(ids.has(`§${n}`), `§${n}`);
      const rows = [..."L1 L2 L3 L4 L5 L6 L7 L8 L9 L11 L12 L13 D1 D2 D3 D4 R1 R3 R4 R5 R6 R7 R8".split(" ")];
      assert.deepStrictEqual([...ids].filter((id) => !id.startsWith("§")).sort(), rows.sort());
    });

    it("names only sections and rows that the page has, wherever they are cited", () => {
      const files = Object.fromEntries(repositoryFiles().map((f) => [f, read(f)]));
      const citing = Object.entries(files).filter(([, text]) => citedIds(text).length > 0);
      // The extraction itself must keep finding the citations: some 80 comments cite the page today.
      assert.ok(
        citing.reduce((n, [, text]) => n + citedIds(text).length, 0) >= 60,
        "too few citations found",
      );
      assert.deepStrictEqual(missingCitations(doc(), files), []);
    });

    it("would catch a citation of a row or section the page lacks", () => {
      // Spelled in parts, so that this file does not cite what it makes up.
      const page = ["docs", "cognito.md"].join("/");
      const files = {
        "provider/x.ts": `// Cognito ignores it (${page} row L13, §4); see ${page} R7, R2 and §9.`,
        "emulator/y.ts": `// The whole table (${page} §3 (L1-L10, D1-D4)).`,
        "docs/z.md": `[the row](../${page}#row-Q1)`,
      };
      assert.deepStrictEqual(missingCitations(doc(), files), [
        "provider/x.ts: R2",
        "provider/x.ts: §9",
        "emulator/y.ts: L10",
        "docs/z.md: Q1",
      ]);
    });
  });

  it("rate-limits exactly the operations the provider sends", () => {
    const source = fs.readFileSync(path.join(REPO_ROOT, "provider/cognito.ts"), "utf8");
    const sent = [...source.matchAll(/new (\w+)Command\(/g)].map((m) => m[1]);
    assert.deepStrictEqual(Object.keys(OPERATION_CATEGORY).sort(), [...new Set(sent)].sort());
  });
});
