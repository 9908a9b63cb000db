import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

// The closure serializer does not capture a name it finds on `global` (it assumes a built-in), so a module-level
// function named like a global (`escape`, or mocha's `describe` in a test process) silently becomes that global
// in the serialized provider. Module-level Sets, Maps and Symbols cannot be rebuilt either.
const PROVIDER = path.join(__dirname, "../../provider");
const MOCHA_GLOBALS = [
  "describe",
  "it",
  "before",
  "after",
  "beforeEach",
  "afterEach",
  "context",
  "run",
  "xit",
  "xdescribe",
  "specify",
  "suite",
  "test",
  "setup",
  "teardown",
];

function topLevel(file: string): { names: string[]; initializers: string[] } {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2020, true);
  const names: string[] = [];
  const initializers: string[] = [];
  for (const st of sf.statements) {
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) names.push(st.name.text);
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) names.push(d.name.text);
        if (d.initializer)
          initializers.push(`${d.name.getText(sf)} = ${d.initializer.getText(sf).slice(0, 40)}`);
      }
    }
  }
  return { names, initializers };
}

describe("provider modules, as the closure serializer sees them", () => {
  // Every module of provider/ and its subfolders (seeded/ holds the exchange plan's serialized provider),
  // except the program-side ones: the resource and component classes, the public surface and the review CLI.
  const PROGRAM_SIDE = ["resource.ts", "index.ts", "seeded/component.ts"];
  const files = (fs.readdirSync(PROVIDER, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => f.endsWith(".ts") && !f.startsWith("review/") && !PROGRAM_SIDE.includes(f));
  const globals = new Set([...Object.getOwnPropertyNames(globalThis), ...MOCHA_GLOBALS]);

  for (const f of files) {
    it(`${f} declares no module-level name that is also a global`, () => {
      const clash = topLevel(path.join(PROVIDER, f)).names.filter((n) => globals.has(n));
      assert.deepStrictEqual(clash, []);
    });

    it(`${f} keeps no Set, Map, WeakMap or Symbol at module level`, () => {
      const bad = topLevel(path.join(PROVIDER, f)).initializers.filter((i) =>
        /new (Set|Map|WeakMap|WeakSet)\b|Symbol(\.for)?\(/.test(i),
      );
      assert.deepStrictEqual(bad, []);
    });
  }
});
