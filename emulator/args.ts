// The command line of `npm run emulator`, parsed into EmulatorOptions.
import { EmulatorConfigError } from "./emulatorErrors";
import type { EmulatorOptions } from "./index";

export const USAGE = `Usage: npm run emulator -- [options]

  --port <n>          TCP port on 127.0.0.1 (default 0: any free port)
  --quotas <spec>     "aws" for Cognito's default rates, or e.g. "UserUpdate=5,UserRead=50"
  --faults <spec>     e.g. "internal=0.02,reset=0.01,latency=5-40"
                      (also "internal-after" and "reset-after": the change is made, then the answer fails)
  --fault-seed <n>    seed of the fault PRNG (default: random)
  --state <file>      load the state from <file> at start, save it there after every change
  --seed <file>       JSON seed: pools, identity providers and users to create at start
  --account-id <id>   the 12-digit account id in ARNs (default 000000000000)
  --help              print this and exit`;

export type CliCommand = { kind: "help" } | { kind: "start"; options: EmulatorOptions };

function integer(flag: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!/^-?\d+$/.test(value) || parsed < min || parsed > max) {
    throw new EmulatorConfigError(`${flag} expects an integer from ${min} to ${max}, got "${value}"`);
  }
  return parsed;
}

/** Parses arguments (`--flag value` or `--flag=value`); unknown or repeated flags are errors. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const options: EmulatorOptions = {};
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    const equals = arg.indexOf("=");
    const flag = equals >= 0 ? arg.slice(0, equals) : arg;
    if (!flag.startsWith("--")) throw new EmulatorConfigError(`Unexpected argument "${arg}"\n\n${USAGE}`);
    if (seen.has(flag)) throw new EmulatorConfigError(`${flag} is given twice`);
    seen.add(flag);
    let value: string;
    if (equals >= 0) {
      value = arg.slice(equals + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined) throw new EmulatorConfigError(`${flag} needs a value`);
      value = next;
      i++;
    }
    switch (flag) {
      case "--port":
        options.port = integer(flag, value, 0, 65535);
        break;
      case "--quotas":
        options.quotas = value;
        break;
      case "--faults":
        options.faults = value;
        break;
      case "--fault-seed":
        options.faultSeed = integer(flag, value, -2147483648, 4294967295);
        break;
      case "--state":
        options.statePath = value;
        break;
      case "--seed":
        options.seedPath = value;
        break;
      case "--account-id":
        if (!/^\d{12}$/.test(value))
          throw new EmulatorConfigError(`${flag} expects 12 digits, got "${value}"`);
        options.accountId = value;
        break;
      default:
        throw new EmulatorConfigError(`Unknown option ${flag}\n\n${USAGE}`);
    }
  }
  return { kind: "start", options };
}
