// Loaded into the dynamic-provider host by `npm run bench` (NODE_OPTIONS=--require <this file>), nowhere else.
//
// The engine starts the host (`node @pulumi/pulumi/cmd/dynamic-provider`) itself, so the bench cannot time its
// calls from outside. This file wraps the handlers the host registers on its gRPC server and appends, to the
// file named by BENCH_HOST_PROBE_OUT, one JSON line per finished call ({ m, s, e }: method, start and end in
// ms since the epoch) and, every 200 ms and at exit, the process's peak resident memory ({ hwm }: VmHWM in
// KiB). Lines are appended synchronously: the engine may end the host with a signal that runs no handler.
//
// JavaScript, not TypeScript like the rest: the engine starts the host with plain `node`, and this file reaches it
// only through NODE_OPTIONS=--require, before anything could compile TypeScript. Loading ts-node into the host
// to compile a .ts probe would add its start-up and memory to the very figures the probe measures.
/* global setInterval */
"use strict";

const fs = require("fs");
const path = require("path");

const out = process.env.BENCH_HOST_PROBE_OUT;
const isHost = process.argv.some((a) => /[\\/]cmd[\\/]dynamic-provider/.test(a));

function write(record) {
  try {
    fs.appendFileSync(out, JSON.stringify({ pid: process.pid, ...record }) + "\n");
  } catch {
    // a probe must never break the host
  }
}

function peak() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
    if (m) write({ hwm: Number(m[1]) });
  } catch {
    // not Linux: no figure
  }
}

if (out && isHost) {
  // The gRPC package the host itself loads: the one @pulumi/pulumi resolves.
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service, implementation) {
    // The host passes a class instance (methods on its prototype), looked up by the service's method names.
    const wrapped = {};
    for (const [key, def] of Object.entries(service)) {
      for (const name of [key, def && def.originalName]) {
        const handler = name && implementation[name];
        if (typeof handler !== "function") continue;
        wrapped[name] = function (call, callback) {
          const s = Date.now();
          return handler.call(implementation, call, (...args) => {
            write({ m: key, s, e: Date.now() });
            return callback(...args);
          });
        };
      }
    }
    return addService.call(this, service, wrapped);
  };
  setInterval(peak, 200).unref();
  process.on("exit", peak);
}
