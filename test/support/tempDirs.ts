// Temporary directories for tests: made under the run's own temp folder and removed when the run ends.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const made = new Set<string>();

/**
 * A new empty directory `<tmp>/<prefix>-XXXXXX`. The root hooks (hooks.ts) remove it when the run ends, so a test
 * may keep it for the whole file (an emulator's `--state`, a seed) without an `after` of its own.
 */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  made.add(dir);
  return dir;
}

/** Removes every directory `tempDir` made so far. */
export function removeTempDirs(): void {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  made.clear();
}
