// The run-time import allow-list of provider/README.md, checked: what the serialized provider reaches runs in the
// Pulumi host from the text in the stack's state, so it may import only this package's serialized modules, Node's
// `crypto`, and the AWS SDK (cognito.ts alone); `@pulumi/pulumi` only as types.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const PROVIDER = path.resolve(__dirname, "../../provider");
const AWS_SDK = "@aws-sdk/client-cognito-identity-provider";

/** The modules `provider.ts` and `seeded/plan.ts` are serialized from, and everything they import. */
const SERIALIZED_ROOTS = ["provider.ts", "seeded/plan.ts"];
/** What a module outside the serialized set may import besides this package, by module (README's table). */
const PROGRAM_SIDE: Record<string, readonly string[]> = {
  "index.ts": [],
  "resource.ts": ["@pulumi/pulumi"],
  "seeded/component.ts": ["@pulumi/pulumi", "fs"],
  "seeded/file.ts": ["fs", "js-yaml"],
  "seeded/entries.ts": ["fs", "js-yaml"],
  "seeded/naming.ts": [],
};
const REVIEW_BUILTINS = ["fs", "path", "readline", "stream"];

interface ModuleImports {
  /** Relative imports that exist at run time, as module paths relative to provider/ (`seeded/plan.ts`). */
  local: string[];
  /** Package or built-in imports that exist at run time (type-only imports are erased and left out). */
  external: string[];
}

/** Run-time imports of one module: `import type` and imports whose every name is `type` are erased by tsc. */
function runtimeImports(relative: string, text: string): ModuleImports {
  const sf = ts.createSourceFile(relative, text, ts.ScriptTarget.ES2020, true);
  const local: string[] = [];
  const external: string[] = [];
  const add = (specifier: string): void => {
    if (specifier.startsWith(".")) {
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(relative), specifier));
      local.push(resolved.endsWith(".ts") ? resolved : `${resolved}.ts`);
    } else external.push(specifier);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            bindings !== undefined &&
            ts.isNamedImports(bindings) &&
            bindings.elements.length > 0 &&
            bindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) add(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      !node.isTypeOnly
    ) {
      add(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === "require" &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { local, external };
}

function providerModules(dir = PROVIDER): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return providerModules(full);
    return entry.name.endsWith(".ts") ? [path.relative(PROVIDER, full).split(path.sep).join("/")] : [];
  });
}

const IMPORTS = new Map(
  providerModules().map((m) => [m, runtimeImports(m, fs.readFileSync(path.join(PROVIDER, m), "utf8"))]),
);

/** Every module reachable at run time from the roots, through relative imports. */
function reachable(roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...roots];
  for (let m = pending.pop(); m !== undefined; m = pending.pop()) {
    if (seen.has(m)) continue;
    seen.add(m);
    const found = IMPORTS.get(m);
    assert.ok(found, `${m} is imported but is not a module of provider/`);
    pending.push(...found.local);
  }
  return seen;
}

describe("provider modules' run-time imports (provider/README.md, the allow-list)", () => {
  const serialized = reachable(SERIALIZED_ROOTS);

  it("reads run-time imports, leaving out type-only ones", () => {
    const found = runtimeImports(
      "seeded/x.ts",
      [
        'import type { dynamic } from "@pulumi/pulumi";',
        'import { type A, type B } from "./types";',
        'import { linkKey } from "../keys";',
        'import * as pulumi from "@pulumi/pulumi";',
        'export { c } from "./c";',
        'const yaml = require("js-yaml");',
      ].join("\n"),
    );
    assert.deepStrictEqual(found, {
      local: ["keys.ts", "seeded/c.ts"],
      external: ["@pulumi/pulumi", "js-yaml"],
    });
  });

  it("keeps the serialized provider and the plan to this package, crypto and the AWS SDK (in cognito.ts alone)", () => {
    assert.ok(serialized.has("lifecycle.ts") && serialized.has("cognito.ts"), [...serialized].join(", "));
    for (const m of serialized) {
      const allowed = m === "cognito.ts" ? [AWS_SDK] : ["crypto"];
      const extra = IMPORTS.get(m)?.external.filter((x) => !allowed.includes(x)) ?? [];
      assert.deepStrictEqual(extra, [], `${m} imports ${extra.join(", ")} at run time`);
    }
  });

  it("reaches no program-side module from the serialized ones", () => {
    const crossing = Object.keys(PROGRAM_SIDE).filter((m) => serialized.has(m));
    assert.deepStrictEqual(crossing, []);
  });

  it("gives the program-side modules and review/ only what the table allows", () => {
    for (const [m, { external }] of IMPORTS) {
      if (serialized.has(m)) continue;
      const allowed = m.startsWith("review/") ? REVIEW_BUILTINS : PROGRAM_SIDE[m];
      assert.ok(allowed, `${m} is in no row of the allow-list: add it to provider/README.md and this spec`);
      const extra = external.filter((x) => !allowed.includes(x));
      assert.deepStrictEqual(extra, [], `${m} imports ${extra.join(", ")} at run time`);
    }
  });

  it("keeps review/ apart from the provider's own modules", () => {
    for (const [m, { local }] of IMPORTS) {
      if (!m.startsWith("review/")) continue;
      const outside = local.filter((l) => !l.startsWith("review/"));
      assert.deepStrictEqual(outside, [], `${m} imports ${outside.join(", ")}`);
    }
  });
});
