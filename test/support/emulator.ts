// The emulator for tests: spawned as users run it, and the client of its own endpoints (emulator/process.ts, emulator/control.ts).
export {
  runEmulatorCli,
  signIn,
  spawnEmulator,
  type SignInResult,
  type SpawnedEmulator,
  type Stats,
} from "../../emulator";
