"use strict";
// The playground's service worker: it keeps the site, so that a second
// visit starts at once and works with the network off, and it replaces
// exactly the files a new build changed.
//
// What it keeps: the files of precache.js, which the site build writes
// (internal/sitebuild), each with the SHA-256 of its content, in a cache of
// this build's version. A file is kept only once its bytes have that hash,
// so a cache never mixes two builds. When it installs it keeps the page's
// first load's files (the page, its scripts and styles, the view), which
// the HTTP cache holds by then; the lazy ones, such as the engine
// (engine.wasm, worker.js) and the toolchain (toolchain/), it keeps once
// the page fetches them: a reader who only reads never downloads them. A new build
// replaces a lazy file at install only if the reader had the one it
// replaces, so the engine and toolchain a reader used stay offline.
//
// How it answers: a file of the list from the cache, or else from the
// network (kept as it passes); anything else goes to the network untouched.
// One exception: the toolchain's modules, whose names carry their hash, are
// answered by the network first (the HTTP cache, for such immutable names),
// so that V8 can use the compiled code it keeps beside the HTTP cache,
// which it does not for this worker's cache; this worker's copy is for
// offline. main.wasm and engine.wasm, whose names stay, come from this
// worker's cache, so a page never mixes two builds; they are compiled
// anew on each visit (off the main thread, about 0.1-0.3 s each).
//
// A new build: the browser fetches sw.js and precache.js on each visit and
// installs this worker again when they changed; it then waits while pages
// of the old build are open. On the next visit, if that page is the only
// one open, app.js asks it to take over and reloads, and the old build's
// cache goes. Two builds never serve one page.
//
// Embeds: a sandboxed frame (embed.html under sandbox="allow-scripts") has
// an opaque origin, which no service worker controls, and an article on
// another origin is not in this worker's scope. Embeds get the HTTP cache.
importScripts("precache.js");

const list = self.goroutinePlaygroundPrecache;
const prefix = "goroutine-playground-";
const cacheName = prefix + list.version;
const scope = new URL(self.registration.scope);
const files = new Map(list.files.map((f) => [f.path, f]));
// hashHeader carries a kept response's SHA-256, so that a later build can
// take the same bytes over without fetching them.
const hashHeader = "X-Playground-SHA256";
// updateMessage is what app.js posts to a waiting worker to let it take over.
const updateMessage = "goroutine-playground:update";

const urlOf = (path) => new URL(path, scope).href;

// family names a file across builds: a content-hashed name without its hash
// (toolchain/a/fmt.0123456789abcdef.a is toolchain/a/fmt.a), others as they are.
const family = (path) => path.replace(/\.[0-9a-f]{16}(\.[^./]+)$/, "$1");
// hashed matches a WebAssembly module whose name carries its content's
// hash (the toolchain's compile.0123456789abcdef.wasm): the same name is
// always the same bytes, so the network's answer (in fact the HTTP
// cache's) is as good as this worker's.
const hashed = /\.[0-9a-f]{16}\.wasm$/;

// sha256 returns the first 8 bytes of the SHA-256 of bytes, in hex, as
// precache.js has them.
async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes), 0, 8);
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

// keep puts the body of a response to f's file in cache, if it is the
// file's: its status is 200 and its bytes have f's hash.
async function keep(cache, f, response) {
  if (response.status !== 200) throw new Error(f.path + ": " + response.status + " " + response.statusText);
  const body = await response.arrayBuffer();
  const sum = await sha256(body);
  if (sum !== f.sha256) throw new Error(f.path + ": the server sent another build's file");
  const headers = {[hashHeader]: sum};
  const type = response.headers.get("Content-Type");
  if (type) headers["Content-Type"] = type;
  await cache.put(urlOf(f.path), new Response(body, {status: 200, headers}));
}

// olderNames returns the names of the other builds' caches.
async function olderNames() {
  return (await caches.keys()).filter((n) => n.startsWith(prefix) && n !== cacheName);
}

// olderCaches returns the caches of the other builds.
async function olderCaches() {
  return Promise.all((await olderNames()).map((n) => caches.open(n)));
}

self.addEventListener("install", (e) => e.waitUntil((async () => {
  const cache = await caches.open(cacheName);
  const older = await olderCaches();
  const had = new Set();
  for (const c of older) {
    for (const req of await c.keys()) {
      if (req.url.startsWith(scope.href)) had.add(family(req.url.slice(scope.href.length)));
    }
  }
  const wanted = list.files.filter((f) => !f.lazy || had.has(family(f.path)));
  await Promise.all(wanted.map(async (f) => {
    // The same bytes kept by an earlier build need no download.
    for (const c of older) {
      const r = await c.match(urlOf(f.path));
      if (r && r.headers.get(hashHeader) === f.sha256) {
        await cache.put(urlOf(f.path), r);
        return;
      }
    }
    // The folder's own address for its index.html: the one the page was
    // loaded from, whose response the HTTP cache holds.
    const url = f.path === "index.html" ? scope.href : urlOf(f.path);
    await keep(cache, f, await fetch(url, {cache: "no-cache"}));
  }));
})()));

self.addEventListener("activate", (e) => e.waitUntil((async () => {
  for (const name of await olderNames()) await caches.delete(name);
  // The page that installed this worker is its client from now on, so
  // that what it fetches later (the engine, the toolchain) is kept.
  await self.clients.claim();
})()));

self.addEventListener("message", (e) => {
  if (e.data !== updateMessage) return;
  e.waitUntil((async () => {
    const pages = (await self.clients.matchAll({type: "window", includeUncontrolled: true}))
      .filter((c) => c.url.startsWith(scope.href));
    if (pages.length <= 1) await self.skipWaiting();
  })());
});

self.addEventListener("fetch", (e) => {
  const req = e.request;
  if (req.method !== "GET" || !req.url.startsWith(scope.href)) return;
  const u = new URL(req.url);
  let path = decodeURIComponent(u.pathname.slice(scope.pathname.length));
  if (path === "" || path.endsWith("/")) path += "index.html";
  const f = files.get(path);
  if (!f) return; // not a file of this build: the network's
  e.respondWith((async () => {
    const cache = await caches.open(cacheName);
    if (hashed.test(f.path)) {
      // A module whose name is its content's hash: the HTTP cache's copy,
      // which the browser may answer with V8's compiled code, and ours
      // only offline. (A module answered from this worker's cache is
      // compiled afresh each visit: 4 s more for a build in the page.)
      // Ours is looked up while the network answers; a copy of the
      // response is made only if ours is missing: an unread copy of
      // compile.wasm would hold its 48 MB until collected.
      const had = cache.match(urlOf(f.path)).catch(() => undefined);
      let response;
      try {
        response = await fetch(req);
      } catch (err) {
        const hit = await had;
        if (hit) return hit;
        throw err;
      }
      if (!(await had)) e.waitUntil(keep(cache, f, response.clone()).catch(() => {}));
      return response;
    }
    const hit = await cache.match(urlOf(f.path));
    if (hit) return hit;
    const response = await fetch(req);
    // Kept as it passes, from a copy, while the page reads the original.
    e.waitUntil(keep(cache, f, response.clone()).catch(() => {}));
    return response;
  })());
});
