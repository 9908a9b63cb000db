// The read cache of a Session: which AdminGetUser answers serve other links, and for how long.
import * as assert from "assert";
import { resetProcessRuntime } from "../../provider/runtime";
import { Session, SHARE_WINDOW_MS } from "../../provider/session";
import { cognitoError, FakeCognito } from "../support/fakeCognito";

const POOL = "us-east-1_TestPool1";

describe("Session.getUser", () => {
  const realNow = Date.now;
  let now: number;
  let fake: FakeCognito;
  let session: Session;

  beforeEach(() => {
    resetProcessRuntime();
    now = 1_000_000;
    Date.now = () => now; // an injected clock: nothing here waits for real time
    fake = new FakeCognito({ [POOL]: { users: { alice: {} } } });
    session = new Session("us-east-1", fake.factory());
  });
  afterEach(() => {
    Date.now = realNow;
    resetProcessRuntime();
  });

  it("shares one read in flight between every caller", async () => {
    fake.holdReads = true;
    const first = session.getUser(POOL, "alice", now);
    const second = new Session("us-east-1", fake.factory()).getUser(POOL, "alice", now);
    fake.release();
    const [a, b] = await Promise.all([first, second]);
    assert.strictEqual(fake.count("getUser"), 1);
    assert.strictEqual(a.username, "alice");
    assert.strictEqual(b, a);
  });

  it("shares a finished read with callers that accept a read started at or after freshAfter", async () => {
    await session.getUser(POOL, "alice", 0);
    now += 500;
    await session.getUser(POOL, "alice", now - 500);
    assert.strictEqual(fake.count("getUser"), 1);
    await session.getUser(POOL, "alice", now - 499);
    assert.strictEqual(fake.count("getUser"), 2);
  });

  it("keeps users apart, and sessions of another region apart", async () => {
    fake.pools[POOL]!.users!.bob = {};
    await session.getUser(POOL, "alice", 0);
    await session.getUser(POOL, "bob", 0);
    await new Session("eu-west-1", fake.factory()).getUser(POOL, "alice", 0);
    assert.strictEqual(fake.count("getUser"), 3);
  });

  it("reads again after the user's links changed, whatever freshAfter accepts", async () => {
    await session.getUser(POOL, "alice", 0);
    session.changed(POOL, "alice");
    await session.getUser(POOL, "alice", 0);
    assert.strictEqual(fake.count("getUser"), 2);
    // The change counts from the next millisecond: a read started in the same one may not have seen it.
    now += 1;
    await session.getUser(POOL, "alice", 0);
    assert.strictEqual(fake.count("getUser"), 3);
    now += 1;
    await session.getUser(POOL, "alice", 0);
    assert.strictEqual(fake.count("getUser"), 3);
  });

  it("shares a not-found answer for SHARE_WINDOW_MS at most, even to callers that accept older reads", async () => {
    await assert.rejects(session.getUser(POOL, "nobody", 0), { name: "UserNotFoundException" });
    now += SHARE_WINDOW_MS;
    await assert.rejects(session.getUser(POOL, "nobody", 0), { name: "UserNotFoundException" });
    assert.strictEqual(fake.count("getUser"), 1);
    now += 1;
    await assert.rejects(session.getUser(POOL, "nobody", 0), { name: "UserNotFoundException" });
    assert.strictEqual(fake.count("getUser"), 2);
  });

  it("keeps no other error: the next caller reads again", async () => {
    fake.failing.getUser = cognitoError("InternalErrorException");
    await assert.rejects(session.getUser(POOL, "alice", 0), { name: "InternalErrorException" });
    delete fake.failing.getUser;
    assert.strictEqual((await session.getUser(POOL, "alice", 0)).username, "alice");
    assert.strictEqual(fake.count("getUser"), 2);
  });

  it("gives a caller in flight the failure too, then forgets it", async () => {
    fake.failing.getUser = cognitoError("ThrottlingException");
    const a = session.getUser(POOL, "alice", 0);
    const b = session.getUser(POOL, "alice", 0);
    await assert.rejects(a, { name: "ThrottlingException" });
    await assert.rejects(b, { name: "ThrottlingException" });
    assert.strictEqual(fake.count("getUser"), 1);
    delete fake.failing.getUser;
    await session.getUser(POOL, "alice", 0);
    assert.strictEqual(fake.count("getUser"), 2);
  });
});
