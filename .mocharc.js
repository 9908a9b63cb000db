// Mocha runs the TypeScript sources through ts-node; type checking is done once,
// separately, by `npm run typecheck` (so each spec file is not checked again).
process.env.TS_NODE_TRANSPILE_ONLY = "true";
process.env.TS_NODE_FILES = "true";
module.exports = {
  require: ["ts-node/register", "./test/support/hooks.ts"],
  spec: ["test/**/*.spec.ts"],
  timeout: 30000,
  reporter: "spec",
};
