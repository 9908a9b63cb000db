import * as assert from "assert";
import * as net from "net";

describe("test network guard", () => {
  it("refuses a connection to a non-loopback address", () => {
    const socket = new net.Socket();
    assert.throws(() => socket.connect(443, "203.0.113.7"), /non-loopback/);
    socket.destroy();
  });
});
