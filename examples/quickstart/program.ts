// The quickstart program: links the seeded users of a pool (by default the local emulator's) to Google and SAML identities.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { SeededUserLinks } from "../../provider";

/** The pool that examples/quickstart/seed.json gives the emulator. */
export const DEFAULT_POOL_ID = "us-east-1_Quick5tart";
/** Which identity links to which user; next to this file so the program does not depend on the working directory. */
export const LINKS_FILE = path.join(__dirname, "links.yaml");

export interface QuickstartSettings {
  userPoolId: string;
  linksFile: string;
}

/** Stack config, in the project's namespace: `userPoolId` overrides the pool. */
export function settingsFromConfig(config: pulumi.Config = new pulumi.Config()): QuickstartSettings {
  return { userPoolId: config.get("userPoolId") ?? DEFAULT_POOL_ID, linksFile: LINKS_FILE };
}

/** Declares the links; the pool and its users already exist (seeded into the emulator, or made elsewhere). */
export function quickstart(settings: QuickstartSettings = settingsFromConfig()) {
  const links = new SeededUserLinks("quickstart", {
    userPoolId: settings.userPoolId,
    file: settings.linksFile,
  });
  return {
    userPoolId: settings.userPoolId,
    links,
    /** Link ids by resource name: `pulumi stack output linkIds`. */
    linkIds: pulumi.output(Object.fromEntries(Object.entries(links.links).map(([name, l]) => [name, l.id]))),
  };
}
