// Where the repository is, for helpers and specs that read its files or run its tools (imports nothing of the repository's own).
import * as path from "path";

/** The repository's root folder (this file is test/support/paths.ts). */
export const REPO_ROOT = path.resolve(__dirname, "../..");
