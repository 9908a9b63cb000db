// What users read: hover text of the public types, and the settings the READMEs document against the code.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { PREFLIGHT_OFF_VALUES } from "../../provider/config";
import { OPERATION_CATEGORY } from "../../provider/ratelimit";

const ROOT = path.resolve(__dirname, "../..");

describe("documentation", function () {
  this.timeout(60_000);
  let checker: ts.TypeChecker;
  let index: ts.SourceFile;

  before(() => {
    const program = ts.createProgram([path.join(ROOT, "provider/index.ts")], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    });
    checker = program.getTypeChecker();
    const file = program.getSourceFile(path.join(ROOT, "provider/index.ts"));
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
        .readFileSync(path.join(ROOT, readme), "utf8")
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

  it("rate-limits exactly the operations the provider sends", () => {
    const source = fs.readFileSync(path.join(ROOT, "provider/cognito.ts"), "utf8");
    const sent = [...source.matchAll(/new (\w+)Command\(/g)].map((m) => m[1]);
    assert.deepStrictEqual(Object.keys(OPERATION_CATEGORY).sort(), [...new Set(sent)].sort());
  });
});
