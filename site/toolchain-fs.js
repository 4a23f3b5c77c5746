"use strict";
// An in-memory file system for Go programs built for js/wasm, installed as
// globalThis.fs, with the process and path objects wasm_exec.js also reads.
// Load it before wasm_exec.js, which only installs its own (a file system
// on which everything fails) where none exists. The toolchain worker runs
// Go's compiler and linker on it; see toolchain.js.
//
// What Go's syscall package needs of it (Go 1.26, syscall/fs_js.go):
// node's callback signatures; numeric fs.constants, read when the syscall
// package starts; errors with a node `code` that Go knows (another code
// makes Go panic); stat objects with every field as a number; a position
// per descriptor for reads and writes without one; descriptors from 3 up.
// Callbacks are called at once, never through a timer: a link makes some
// 700 calls, and a browser makes nested timers wait 4 ms each.
//
// Writes to descriptors 1 and 2, from fs.write (os.Stdout) and from
// fs.writeSync (the runtime's own panics and prints), go to the capture
// that toolchainFS.capture() starts, or to the console when none is on.
(() => {
  const constants = {
    O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 0o100, O_EXCL: 0o200,
    O_TRUNC: 0o1000, O_APPEND: 0o2000, O_DIRECTORY: 0o200000,
  };
  const S_IFREG = 0o100000;
  const S_IFDIR = 0o040000;

  const nodes = new Map(); // absolute path → {ino, dir, data, size, mtimeMs}
  const fds = new Map(); // descriptor → {node, path, pos, flags}
  let nextIno = 1;
  let nextFd = 3;
  let cwd = "/";
  let sink = null; // the capture in progress: {out: [], err: []} of byte copies
  let tail = ""; // the end of what went to descriptor 2 outside a capture
  const decoder = new TextDecoder();

  const fail = (code, path) => {
    const e = new Error(path ? `${code}: ${path}` : code);
    e.code = code;
    return e;
  };

  function normalize(p) {
    const parts = [];
    for (const part of (p.startsWith("/") ? p : cwd + "/" + p).split("/")) {
      if (part === "" || part === ".") continue;
      if (part === "..") parts.pop();
      else parts.push(part);
    }
    return "/" + parts.join("/");
  }
  const parentOf = (p) => p === "/" ? "/" : p.slice(0, p.lastIndexOf("/")) || "/";
  const newNode = (dir) => ({ino: nextIno++, dir, data: new Uint8Array(0), size: 0, mtimeMs: Date.now()});
  nodes.set("/", newNode(true));

  // lookup returns the node at p, or throws ENOENT / ENOTDIR.
  function lookup(p) {
    const n = nodes.get(p);
    if (n) return n;
    const parent = nodes.get(parentOf(p));
    throw fail(parent && !parent.dir ? "ENOTDIR" : "ENOENT", p);
  }
  function parentDir(p) {
    const parent = nodes.get(parentOf(p));
    if (!parent) throw fail("ENOENT", p);
    if (!parent.dir) throw fail("ENOTDIR", p);
    return parent;
  }
  function file(fd) {
    const f = fds.get(fd);
    if (!f) throw fail("EBADF");
    return f;
  }
  function stat(n) {
    return {
      dev: 1, ino: n.ino, mode: (n.dir ? S_IFDIR | 0o755 : S_IFREG | 0o644), nlink: 1,
      uid: 0, gid: 0, rdev: 0, size: n.dir ? 0 : n.size, blksize: 4096,
      blocks: Math.ceil(n.size / 512), atimeMs: n.mtimeMs, mtimeMs: n.mtimeMs, ctimeMs: n.mtimeMs,
      isDirectory: () => n.dir, isFile: () => !n.dir,
    };
  }
  function resize(n, size) {
    if (size > n.data.length) {
      const grown = new Uint8Array(Math.max(size, n.data.length * 2, 4096));
      grown.set(n.data.subarray(0, n.size));
      n.data = grown;
    } else if (size < n.size) {
      n.data.fill(0, size, n.size);
    }
    n.size = size;
  }
  function writeAt(n, buf, pos) {
    if (pos + buf.length > n.size) resize(n, pos + buf.length);
    n.data.set(buf, pos);
    n.mtimeMs = Date.now();
  }
  function output(fd, buf) {
    if (sink) {
      (fd === 1 ? sink.out : sink.err).push(buf.slice());
      return buf.length;
    }
    const text = decoder.decode(buf);
    if (fd === 2) tail = (tail + text).slice(-4096);
    (fd === 1 ? console.log : console.error)(text.replace(/\n$/, ""));
    return buf.length;
  }
  function joined(chunks) {
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    return decoder.decode(all);
  }
  // call runs op and hands its result or error to the node-style callback.
  function call(cb, op) {
    let result;
    try {
      result = op();
    } catch (err) {
      if (!err.code) throw err; // a bug here, not an answer for Go
      cb(err);
      return;
    }
    cb(null, result);
  }

  function writeSync(fd, buf, offset = 0, length = buf.length, position = null) {
    buf = buf.subarray(offset, offset + length);
    if (fd === 1 || fd === 2) return output(fd, buf);
    const f = file(fd);
    if (f.node.dir) throw fail("EISDIR", f.path);
    if ((f.flags & 3) === constants.O_RDONLY) throw fail("EBADF", f.path);
    let pos = position;
    if (pos === null) pos = f.flags & constants.O_APPEND ? f.node.size : f.pos;
    writeAt(f.node, buf, pos);
    if (position === null) f.pos = pos + buf.length;
    return buf.length;
  }

  globalThis.fs = {
    constants,
    writeSync,
    write(fd, buf, offset, length, position, cb) {
      call(cb, () => writeSync(fd, buf, offset, length, position));
    },
    read(fd, buf, offset, length, position, cb) {
      call(cb, () => {
        const f = file(fd);
        if (f.node.dir) throw fail("EISDIR", f.path);
        const pos = position === null ? f.pos : position;
        const n = Math.max(0, Math.min(length, f.node.size - pos));
        buf.set(f.node.data.subarray(pos, pos + n), offset);
        if (position === null) f.pos = pos + n;
        return n;
      });
    },
    open(path, flags, mode, cb) {
      call(cb, () => {
        const p = normalize(path);
        let n = nodes.get(p);
        if (n && flags & constants.O_CREAT && flags & constants.O_EXCL) throw fail("EEXIST", p);
        if (!n) {
          if (!(flags & constants.O_CREAT)) lookup(p);
          parentDir(p);
          n = newNode(false);
          nodes.set(p, n);
        }
        if (n.dir && (flags & 3) !== constants.O_RDONLY) throw fail("EISDIR", p);
        if (!n.dir && flags & constants.O_DIRECTORY) throw fail("ENOTDIR", p);
        if (flags & constants.O_TRUNC && !n.dir) resize(n, 0);
        const fd = nextFd++;
        fds.set(fd, {node: n, path: p, pos: 0, flags});
        return fd;
      });
    },
    close(fd, cb) { call(cb, () => { file(fd); fds.delete(fd); }); },
    fstat(fd, cb) { call(cb, () => stat(file(fd).node)); },
    stat(path, cb) { call(cb, () => stat(lookup(normalize(path)))); },
    lstat(path, cb) { call(cb, () => stat(lookup(normalize(path)))); },
    fsync(fd, cb) { call(cb, () => { file(fd); }); },
    ftruncate(fd, length, cb) { call(cb, () => resize(file(fd).node, length)); },
    truncate(path, length, cb) { call(cb, () => resize(lookup(normalize(path)), length)); },
    mkdir(path, perm, cb) {
      call(cb, () => {
        const p = normalize(path);
        if (nodes.has(p)) throw fail("EEXIST", p);
        parentDir(p);
        nodes.set(p, newNode(true));
      });
    },
    readdir(path, cb) {
      call(cb, () => {
        const p = normalize(path);
        if (!lookup(p).dir) throw fail("ENOTDIR", p);
        const prefix = p === "/" ? "/" : p + "/";
        const names = [];
        for (const k of nodes.keys()) {
          if (k !== "/" && k.startsWith(prefix) && !k.slice(prefix.length).includes("/")) names.push(k.slice(prefix.length));
        }
        return names.sort();
      });
    },
    unlink(path, cb) {
      call(cb, () => {
        const p = normalize(path);
        if (lookup(p).dir) throw fail("EISDIR", p);
        nodes.delete(p);
      });
    },
    rmdir(path, cb) {
      call(cb, () => {
        const p = normalize(path);
        if (!lookup(p).dir) throw fail("ENOTDIR", p);
        if (p === "/") throw fail("EBUSY", p);
        for (const k of nodes.keys()) if (k.startsWith(p + "/")) throw fail("ENOTEMPTY", p);
        nodes.delete(p);
      });
    },
    rename(from, to, cb) {
      call(cb, () => {
        const f = normalize(from), t = normalize(to);
        const n = lookup(f);
        parentDir(t);
        if (n.dir) throw fail("ENOSYS", f); // folders are not moved here
        if (nodes.get(t)?.dir) throw fail("EISDIR", t);
        nodes.delete(f);
        nodes.set(t, n);
      });
    },
    utimes(path, atime, mtime, cb) { call(cb, () => { lookup(normalize(path)).mtimeMs = mtime * 1000; }); },
    chmod(path, mode, cb) { call(cb, () => { lookup(normalize(path)); }); },
    fchmod(fd, mode, cb) { call(cb, () => { file(fd); }); },
    chown(path, uid, gid, cb) { call(cb, () => { lookup(normalize(path)); }); },
    fchown(fd, uid, gid, cb) { call(cb, () => { file(fd); }); },
    lchown(path, uid, gid, cb) { call(cb, () => { lookup(normalize(path)); }); },
    readlink(path, cb) { call(cb, () => { lookup(normalize(path)); throw fail("EINVAL", path); }); },
    link(path, link, cb) { call(cb, () => { throw fail("ENOSYS", path); }); },
    symlink(path, link, cb) { call(cb, () => { throw fail("ENOSYS", path); }); },
  };

  const enosys = () => fail("ENOSYS");
  globalThis.process = {
    pid: -1, ppid: -1,
    getuid: () => -1, getgid: () => -1, geteuid: () => -1, getegid: () => -1,
    getgroups() { throw enosys(); },
    umask: () => 0o22,
    cwd: () => cwd,
    chdir(p) {
      const n = normalize(p);
      if (!lookup(n).dir) throw fail("ENOTDIR", n);
      cwd = n;
    },
  };
  globalThis.path = {resolve: (...parts) => normalize(parts.join("/"))};

  // toolchainFS is the JavaScript side's way in: files put and taken
  // without a Go program, and the capture of descriptors 1 and 2.
  globalThis.toolchainFS = {
    // put stores data (a Uint8Array, kept, not copied) at path, making its folders.
    put(path, data) {
      const p = normalize(path);
      let dir = "";
      for (const part of p.split("/").slice(1, -1)) {
        dir += "/" + part;
        if (!nodes.has(dir)) nodes.set(dir, newNode(true));
      }
      const n = newNode(false);
      n.data = data;
      n.size = data.length;
      nodes.set(p, n);
    },
    // get returns the bytes at path, or undefined.
    get(path) {
      const n = nodes.get(normalize(path));
      return n && !n.dir ? n.data.subarray(0, n.size) : undefined;
    },
    // capture starts collecting what is written to descriptors 1 and 2;
    // release ends it and returns {stdout, stderr}.
    capture() { sink = {out: [], err: []}; },
    release() {
      const s = sink;
      sink = null;
      return s ? {stdout: joined(s.out), stderr: joined(s.err)} : {stdout: "", stderr: ""};
    },
    // tail is the end of what went to descriptor 2 outside any capture:
    // a crash report of the driver itself.
    get tail() { return tail; },
    // open is the number of open descriptors (a test checks none leak).
    get open() { return fds.size; },
  };
})();
