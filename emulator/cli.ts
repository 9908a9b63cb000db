// `npm run emulator`: starts the emulator, prints one line once it accepts requests, stops on SIGINT/SIGTERM.
import { parseCliArgs, USAGE } from "./args";
import { EmulatorConfigError } from "./errors";
import { startEmulator } from "./index";

async function main(): Promise<void> {
  const command = parseCliArgs(process.argv.slice(2));
  if (command.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const emulator = await startEmulator(command.options);
  // The one line on stdout; scripts and test helpers wait for it.
  process.stdout.write(`Cognito emulator listening on ${emulator.url}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`cognito emulator: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
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
