import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const DIR = path.resolve(__dirname, "../../examples/pipeline");
const read = (name: string) => fs.readFileSync(path.join(DIR, name), "utf8");

describe("examples/pipeline", () => {
  it("grants exactly the Cognito operations the provider sends, on user pools only", () => {
    const policy = JSON.parse(read("iam-policy.json"));
    const granted = policy.Statement.flatMap((s: any) => s.Action).sort();
    const cognito = fs.readFileSync(path.resolve(__dirname, "../../provider/cognito.ts"), "utf8");
    const sent = [...cognito.matchAll(/new (\w+)Command\(/g)].map((m) => `cognito-idp:${m[1]}`);
    assert.deepStrictEqual(granted, [...new Set(sent)].sort());
    for (const s of policy.Statement) {
      assert.strictEqual(s.Effect, "Allow");
      assert.strictEqual(s.Resource, "arn:aws:cognito-idp:<region>:<account>:userpool/*");
    }
  });

  it("previews pull requests with a comment and deploys pushes to main, with OIDC credentials", () => {
    const yaml = require("js-yaml") as { load(text: string): any };
    const workflow = yaml.load(read("workflow.yml"));
    assert.strictEqual(workflow.permissions["id-token"], "write");
    assert.ok(workflow.on.pull_request && workflow.on.push, "runs on pull_request and push");
    const pulumiStep = (job: any) => job.steps.find((s: any) => String(s.uses).startsWith("pulumi/actions@"));
    const awsStep = (job: any) =>
      job.steps.find((s: any) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@"));

    const preview = workflow.jobs.preview;
    const step = (job: any, name: string) => job.steps.find((s: any) => s.name === name);
    assert.match(preview.if, /pull_request/);
    assert.strictEqual(pulumiStep(preview).uses, "pulumi/actions@v6");
    assert.match(
      step(preview, "pulumi preview").run,
      /pulumi preview .*--json --show-sames > "\$RUNNER_TEMP\/preview\.json"/,
    );
    assert.match(
      step(preview, "cognito-link-review").run,
      /npx cognito-link-review "\$RUNNER_TEMP\/preview\.json"/,
    );
    assert.match(
      step(preview, "Comment on the pull request").run,
      /gh pr comment .*--body-file "\$RUNNER_TEMP\/link-review\.md"/,
    );
    // The comment is posted before the job fails on a failed preview.
    const names = preview.steps.map((s: any) => s.name);
    assert.ok(names.indexOf("Comment on the pull request") < names.indexOf("Fail when the preview failed"));
    assert.ok(awsStep(preview).with["role-to-assume"]);

    const up = workflow.jobs.up;
    assert.match(up.if, /push/);
    assert.match(up.if, /refs\/heads\/main/);
    assert.strictEqual(pulumiStep(up).with.command, "up");
    assert.ok(awsStep(up).with["role-to-assume"]);
    // The AWS step comes before pulumi in both jobs.
    for (const job of [preview, up])
      assert.ok(job.steps.indexOf(awsStep(job)) < job.steps.indexOf(pulumiStep(job)));
  });

  it("documents the provider's environment variables", () => {
    const readme = read("README.md");
    for (const name of ["COGNITO_LINK_PREFLIGHT", "COGNITO_LINK_RATE_LIMITS", "COGNITO_LINK_MAX_ATTEMPTS"]) {
      assert.ok(readme.includes(name), name);
    }
  });
});
