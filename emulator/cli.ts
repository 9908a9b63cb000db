// `npm run emulator`: starts the emulator, prints one line once it accepts requests, stops on SIGINT/SIGTERM.
import { parseCliArgs, USAGE } from "./args";
import { EmulatorConfigError } from "./emulatorErrors";
import { type RunningEmulator, startEmulator } from "./index";

async function main(): Promise<void> {
  const command = parseCliArgs(process.argv.slice(2));
  if (command.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  // Handlers first: a signal that arrives as soon as the line is out must still stop cleanly.
  // State is saved synchronously after each change, so there is nothing to flush.
  const running: { emulator?: RunningEmulator } = {};
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    if (running.emulator === undefined) process.exit(0);
    running.emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`cognito emulator: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // npm (11) exits on SIGTERM without passing it on, which would leave the emulator orphaned and
  // holding its port. Under `npm run`, treat the loss of the parent process as a SIGTERM.
  if (process.env["npm_lifecycle_event"] !== undefined) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) stop();
    }, 250).unref();
  }

  const emulator = await startEmulator(command.options);
  running.emulator = emulator;
  if (stopping) {
    await emulator.close();
    process.exit(0);
  }
  // The one line on stdout; scripts and test helpers wait for it.
  process.stdout.write(`Cognito emulator listening on ${emulator.url}\n`);
}

main().catch((error: unknown) => {
  const message =
    error instanceof EmulatorConfigError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`cognito emulator: ${message}\n`);
  process.exit(1);
});
