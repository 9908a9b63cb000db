// Programs whose previews the review tests read: real links on the seeded pool (test/support/fixtures/seed.json).
import { Readable, Writable } from "stream";
import * as pulumi from "@pulumi/pulumi";
import { UserProviderLink } from "../../provider";
import { main } from "../../provider/review/cli";
import { SeededUserLinks } from "../../provider/seeded/component";
import { googleLink, POOL_ID } from "./links";

/** The subject of a secret link: it must appear in no output of the review. */
export const SECRET_SUBJECT = "SECRET-subject-7f3a9c";

const SAML = { providerName: "CorpSAML", providerAttributeName: "email" };

/** The stack before the change: five links. */
export function before(): void {
  for (const l of [
    googleLink("alice-google", "alice", "1098765"),
    googleLink("bob-google", "bob", "2098765"),
    googleLink("carol-google", "carol", "3098765"),
    googleLink("dave-google", "dave", "4098765"),
  ]) {
    new UserProviderLink(l.name, l.args);
  }
  new UserProviderLink("alice-saml", {
    userPoolId: POOL_ID,
    destinationUser: { providerAttributeValue: "alice" },
    sourceUser: { ...SAML, providerAttributeValue: "alice@corp.example" },
  });
}

class Team extends pulumi.ComponentResource {
  constructor(name: string) {
    super("acme:index:Team", name, {}, {});
  }
}

/**
 * The change under review, one of each action: alice-google gets a new subject (relink), bob-google goes
 * (unlink), carol-google is renamed with an alias and dave-google moves under a component with an alias (move),
 * alice-saml stays (keep), bob gets a link with a secret subject and carol one through SeededUserLinks (link).
 */
export function after(): void {
  new UserProviderLink("alice-google", googleLink("alice-google", "alice", "1111111").args);
  new UserProviderLink("carol-primary", googleLink("carol-google", "carol", "3098765").args, {
    aliases: [{ name: "carol-google" }],
  });
  const team = new Team("team");
  new UserProviderLink("dave-google", googleLink("dave-google", "dave", "4098765").args, {
    parent: team,
    aliases: [{ parent: pulumi.rootStackResource }],
  });
  new UserProviderLink("alice-saml", {
    userPoolId: POOL_ID,
    destinationUser: { providerAttributeValue: "alice" },
    sourceUser: { ...SAML, providerAttributeValue: "alice@corp.example" },
  });
  new UserProviderLink("bob-secret", googleLink("bob-secret", "bob", pulumi.secret(SECRET_SUBJECT)).args);
  new SeededUserLinks("seeded", {
    userPoolId: POOL_ID,
    links: [{ username: "carol", provider: "CorpSAML", subject: "carol-nameid" }],
  });
}

/** `n` new Google links over the four seeded users (a preview only: preflight off, so no identity limit). */
export function many(n: number): () => void {
  const users = ["alice", "bob", "carol", "dave"];
  return () => {
    for (let i = 0; i < n; i++) {
      const l = googleLink(
        `link-${String(i).padStart(4, "0")}`,
        users[i % 4]!,
        `9${String(i).padStart(6, "0")}`,
      );
      new UserProviderLink(l.name, l.args);
    }
  };
}

export interface ReviewRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the command in this process on `input` (given as its standard input). */
export async function review(args: string[], input = ""): Promise<ReviewRun> {
  let stdout = "";
  let stderr = "";
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        add(String(chunk));
        done();
      },
    });
  const status = await main(args, {
    stdin: Readable.from([input]),
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
  });
  return { status, stdout, stderr };
}
