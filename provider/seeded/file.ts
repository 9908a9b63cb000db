// Reading a SeededUserLinks links file (JSON or YAML) into a list of raw entries.
import * as fs from "fs";
import { ENTRY_FORM } from "./entries";

interface Yaml {
  load(text: string, options: { filename: string; schema: unknown }): unknown;
  FAILSAFE_SCHEMA: unknown;
}

/** Reads a links file: a list of entries, or an object whose `links` is that list. */
export function readLinksFile(file: string): unknown[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`SeededUserLinks: cannot read links file ${file}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    if (/\.json$/i.test(file)) {
      data = JSON.parse(text);
    } else if (/\.ya?ml$/i.test(file)) {
      // Loaded on demand: only programs that use a YAML file need it.
      const yaml = require("js-yaml") as Yaml;
      data = yaml.load(text, { filename: file, schema: yaml.FAILSAFE_SCHEMA });
    } else {
      throw new Error("the name must end in .json, .yaml or .yml");
    }
  } catch (e) {
    throw new Error(`SeededUserLinks: links file ${file} is not valid: ${(e as Error).message}`);
  }
  const list =
    typeof data === "object" && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>).links
      : data;
  if (!Array.isArray(list)) {
    throw new Error(
      `SeededUserLinks: links file ${file} must hold a list of entries ${ENTRY_FORM}, or { links: [...] }`,
    );
  }
  return list;
}
