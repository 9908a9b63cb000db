// Root hooks for every spec: tests may only reach loopback addresses.
import * as net from "net";

const originalConnect = net.Socket.prototype.connect;
function isLoopback(host: string | undefined): boolean {
  if (host === undefined || host === "") return true; // Node defaults to localhost
  return host === "localhost" || host === "::1" || /^127\./.test(host) || host === "::ffff:127.0.0.1";
}
(net.Socket.prototype as any).connect = function (this: net.Socket, ...args: any[]) {
  const first = args[0];
  let host: string | undefined;
  if (typeof first === "object" && first !== null && !Array.isArray(first)) {
    if ("path" in first && first.path) return originalConnect.apply(this, args as never);
    host = first.host;
  } else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    host = typeof args[1] === "string" ? args[1] : undefined;
  } else if (typeof first === "string") {
    return originalConnect.apply(this, args as never); // unix socket path
  }
  if (!isLoopback(host)) {
    throw new Error(`test tried to reach non-loopback address ${host}: tests may only reach 127.0.0.1`);
  }
  return originalConnect.apply(this, args as never);
};
