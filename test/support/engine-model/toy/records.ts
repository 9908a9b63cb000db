// Test-side view of the toy's effects: the record files and the call log its provider writes.
import * as fs from "fs";
import * as path from "path";
import { tempDir } from "../../tempDirs";

export interface LogEntry {
  op: "check" | "create" | "read" | "delete";
  recordName: string;
  group?: string;
  label?: string;
  olds?: number;
}

/** A fresh directory for one test's records. */
export function recordDir(): string {
  return tempDir("toy-records");
}

export function readLog(dir: string): LogEntry[] {
  const file = path.join(dir, "log.jsonl");
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as LogEntry);
}

export function readRecord(dir: string, recordName: string): Record<string, unknown> | undefined {
  const file = path.join(dir, `${recordName}.json`);
  return fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>)
    : undefined;
}

export function removeRecord(dir: string, recordName: string): void {
  fs.rmSync(path.join(dir, `${recordName}.json`));
}
