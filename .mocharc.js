// Mocha runs the TypeScript sources through ts-node; type checking is done once,
// separately, by `npm run typecheck` (so each spec file is not checked again).
process.env.TS_NODE_TRANSPILE_ONLY = "true";
process.env.TS_NODE_FILES = "true";
// `npx mocha some/file.spec.ts` runs just that file: mocha would otherwise add it to the default spec list.
const named = process.argv.slice(2).some((a) => /\.spec\.ts$|\*/.test(a) && !a.startsWith("-"));
module.exports = {
  require: ["ts-node/register", "./test/support/hooks.ts"],
  ...(named ? {} : { spec: ["test/**/*.spec.ts"] }),
  timeout: 30000,
  reporter: "spec",
};
