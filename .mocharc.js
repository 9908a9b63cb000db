// JavaScript, not TypeScript: mocha reads its configuration with a plain `require`, before ts-node is registered.
// Mocha runs the TypeScript sources through ts-node; type checking is done once,
// separately, by `npm run typecheck` (so each spec file is not checked again).
process.env.TS_NODE_TRANSPILE_ONLY = "true";
process.env.TS_NODE_FILES = "true";
// The AWS SDK warns once per process on Node 20 that its releases from 2027 need Node 22. The warning is
// true and not ours to act on in a test run; it would interrupt mocha's output (docs/testing.md, "Rules the suites keep").
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// `npx mocha some/file.spec.ts` runs just that file: mocha would otherwise add it to the default spec list.
const named = process.argv.slice(2).some((a) => /\.spec\.ts$|\*/.test(a) && !a.startsWith("-"));
module.exports = {
  // subject.ts first: with LINK_PACKAGE_PROJECT set it points provider/ and @pulumi/pulumi at an installed package.
  require: ["ts-node/register", "./test/support/subject.ts", "./test/support/hooks.ts"],
  ...(named ? {} : { spec: ["test/**/*.spec.ts"] }),
  timeout: 30000,
  reporter: "spec",
};
