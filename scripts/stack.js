#!/usr/bin/env node
// `npm start` / `npm run preview` / `npm run destroy`: the quickstart stack against a local Cognito emulator.
//
//   node scripts/stack.js up|preview|destroy
//
// 1. finds the Pulumi CLI ($PULUMI, else `pulumi` on PATH) and stops with install help when there is none;
// 2. starts the emulator (emulator/cli.ts, seeded from examples/quickstart/seed.json, state kept in
//    .emulator-state/quickstart.json so the next run sees the links it made) and reads its address;
// 3. runs `pulumi stack select --create dev` then `pulumi up|preview|destroy` with a local file backend in
//    .pulumi/, an empty passphrase, and AWS settings that point the provider at the emulator;
// 4. stops the emulator and exits with pulumi's code.
/* global setTimeout, clearTimeout */
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const STACK = "dev";
const ACTIONS = {
  up: ["up", "--yes", "--skip-preview=false"],
  preview: ["preview"],
  destroy: ["destroy", "--yes"],
};
const LISTENING = /Cognito emulator listening on (http:\/\/127\.0\.0\.1:\d+)/;

const INSTALL_HELP = `The Pulumi CLI (pulumi) was not found on PATH. Install it, then run this again:
  curl -fsSL https://get.pulumi.com | sh     (Linux, macOS)
  brew install pulumi/tap/pulumi             (macOS with Homebrew)
  https://www.pulumi.com/docs/iac/download-install/   (every platform)
Or set PULUMI to the path of the pulumi executable.`;

function isExecutableFile(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The pulumi executable: $PULUMI when set, else the first `pulumi` on PATH; undefined when there is none. */
function findPulumi(env = process.env) {
  if (env.PULUMI) return isExecutableFile(env.PULUMI) ? path.resolve(env.PULUMI) : undefined;
  const names = process.platform === "win32" ? ["pulumi.exe", "pulumi.cmd"] : ["pulumi"];
  for (const dir of (env.PATH || "").split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      if (isExecutableFile(path.join(dir, name))) return path.join(dir, name);
    }
  }
  return undefined;
}

/** How the emulator is started: from the repository root, any free port, seeded, state in `stateFile`. */
function emulatorCommand(stateFile) {
  return {
    command: process.execPath,
    args: [
      ...["-r", "ts-node/register/transpile-only", "emulator/cli.ts", "--port", "0"],
      ...["--seed", "examples/quickstart/seed.json", "--state", stateFile],
    ],
  };
}

/**
 * Starts the emulator and resolves once it prints its address. It gets its own process group, so a Ctrl-C in
 * the terminal reaches pulumi (which then cancels cleanly) but not the emulator pulumi is still talking to.
 */
function startEmulator({ command, args }, env, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    });
    const killOnExit = () => child.kill();
    process.on("exit", killOnExit); // should this script die early, the emulator goes too
    const stop = () => {
      process.off("exit", killOnExit);
      return new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => (clearTimeout(force), done()));
        child.kill("SIGTERM");
      });
    };
    const timer = setTimeout(
      () => fail(new Error(`the Cognito emulator did not report its address within ${timeoutMs / 1000}s`)),
      timeoutMs,
    );
    const fail = (error) => {
      clearTimeout(timer);
      stop().then(() => reject(error));
    };
    const exited = (code, signal) =>
      fail(new Error(`the Cognito emulator exited (${signal || `code ${code}`}) before it was listening`));
    child.on("error", fail);
    child.on("exit", exited);
    let output = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", function onData(chunk) {
      output += chunk;
      const match = LISTENING.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off("exit", exited);
      child.stdout.off("data", onData);
      child.stdout.resume(); // keep draining what it prints later
      resolve({ url: match[1], stop });
    });
  });
}

/** The environment pulumi runs with: a local backend and AWS settings that can only reach the emulator. */
function pulumiEnv(base, emulatorUrl, backendDir) {
  const env = {
    ...base,
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emulatorUrl,
    AWS_ACCESS_KEY_ID: "quickstart",
    AWS_SECRET_ACCESS_KEY: "quickstart",
    AWS_REGION: "us-east-1",
  };
  // Nothing of a real AWS login may mix with the dummy keys.
  for (const name of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"])
    delete env[name];
  return env;
}

function run(command, args, env, stdio) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio });
    child.on("error", (error) => {
      console.error(`could not run ${command}: ${error.message}`);
      resolve(1);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Runs one action and resolves with the exit code. Options exist for tests: `env`, `backendDir`, `stateFile`,
 * `emulator` ({ command, args }), `stdio` for pulumi, and `log`.
 */
async function main(action, options = {}) {
  const env = options.env || process.env;
  const log = options.log || console.error;
  const backendDir = options.backendDir || path.join(ROOT, ".pulumi");
  const stateFile = options.stateFile || path.join(ROOT, ".emulator-state", "quickstart.json");
  const command = ACTIONS[action];
  if (!command) {
    log(`usage: node scripts/stack.js ${Object.keys(ACTIONS).join("|")}`);
    return 2;
  }
  const pulumi = findPulumi(env);
  if (!pulumi) {
    log(INSTALL_HELP);
    return 1;
  }

  fs.mkdirSync(backendDir, { recursive: true });
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  const emulator = await startEmulator(options.emulator || emulatorCommand(stateFile), env);
  log(`Cognito emulator listening on ${emulator.url} (state: ${path.relative(ROOT, stateFile)})`);
  // Ctrl-C also reaches pulumi, which cancels cleanly; this script waits for it and then stops the emulator.
  const ignore = () => {};
  process.on("SIGINT", ignore);
  try {
    const pulumiEnvironment = pulumiEnv(env, emulator.url, backendDir);
    const stdio = options.stdio || "inherit";
    const selected = await run(
      pulumi,
      ["stack", "select", "--create", STACK, "--non-interactive"],
      pulumiEnvironment,
      stdio,
    );
    if (selected !== 0) return selected;
    return await run(pulumi, [...command, "--stack", STACK], pulumiEnvironment, stdio);
  } finally {
    process.off("SIGINT", ignore);
    await emulator.stop();
  }
}

module.exports = { main, findPulumi, emulatorCommand, pulumiEnv, INSTALL_HELP, ACTIONS, STACK };

if (require.main === module) {
  main(process.argv[2]).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
