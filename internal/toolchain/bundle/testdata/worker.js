"use strict";
// Runs site/toolchain.js under node as a browser would run it in a Web
// Worker: in a context of its own whose globals are a worker's (self,
// postMessage, importScripts, fetch, WebAssembly...), and none of node's
// (no require, no process, no fs). The page's side is this process's
// standard input and output, one message a line:
//
//	in:  base64 of protocol bytes, posted to the worker
//	out: "B " + base64 of protocol bytes the worker posted
//	     "F " + JSON of any other object it posted ({fault: ...})
//
//	"?open" asks for "O " + the number of open descriptors of its file system
//
// Usage: node worker.js SITE_DIR BASE_URL
// importScripts reads the scripts from SITE_DIR (a browser's
// importScripts is synchronous too); fetch goes to BASE_URL.
//
// Or: node worker.js -go SITE_DIR PROGRAM.wasm runs a Go program on
// toolchain-fs.js (and wasm_exec.js) in such a context, and exits with its
// exit code.
const vm = require("vm");
const fs = require("fs");
const path = require("path");
const readline = require("readline");

const goMode = process.argv[2] === "-go";
const [siteDir, base] = goMode ? [process.argv[3], "http://localhost/"] : process.argv.slice(2);
const out = (line) => process.stdout.write(line + "\n");

const ctx = {
  console, setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask,
  crypto: globalThis.crypto, performance, TextEncoder, TextDecoder, WebAssembly,
  URL, Response, Headers,
  fetch: (url, opts) => fetch(new URL(String(url), base), opts),
  location: {href: new URL("toolchain.js", base).href},
};
ctx.self = ctx;
vm.createContext(ctx);
const Uint8ArrayIn = vm.runInContext("Uint8Array", ctx);

ctx.importScripts = (...urls) => {
  for (const u of urls) {
    const rel = new URL(u, base).pathname.slice(new URL(base).pathname.length);
    const file = path.join(siteDir, rel);
    vm.runInContext(fs.readFileSync(file, "utf8"), ctx, {filename: file});
  }
};
ctx.postMessage = (data) => {
  if (data instanceof Uint8ArrayIn || data instanceof Uint8Array) {
    out("B " + Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64"));
  } else {
    out("F " + JSON.stringify(data));
  }
};

if (goMode) {
  ctx.importScripts("toolchain-fs.js", "wasm_exec.js");
  ctx.program = fs.readFileSync(process.argv[4]);
  vm.runInContext(`(async () => {
    const go = new Go();
    go.exit = (code) => { exitCode = code; };
    let exitCode = -1;
    const {instance} = await WebAssembly.instantiate(program, go.importObject);
    await go.run(instance);
    return exitCode;
  })()`, ctx).then((code) => process.exit(code), (err) => { console.error(err); process.exit(3); });
  return;
}

const file = path.join(siteDir, "toolchain.js");
vm.runInContext(fs.readFileSync(file, "utf8"), ctx, {filename: file});
// The tests run each program built from the result's bytes: without
// deliver (which posts a compiled module instead), the driver sends them,
// as it does when a delivery fails. The page's tests run delivered ones.
delete ctx.toolchainHost.deliver;

const rl = readline.createInterface({input: process.stdin});
rl.on("line", (line) => {
  if (line === "?open") {
    out("O " + ctx.toolchainFS.open);
    return;
  }
  const bytes = Buffer.from(line.trim(), "base64");
  const data = new Uint8ArrayIn(bytes.length);
  data.set(bytes);
  ctx.onmessage({data});
});
rl.on("close", () => process.exit(0));
