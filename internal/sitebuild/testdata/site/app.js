"use strict";
// Fixture script: loads main.wasm the way the real page does.
const go = new Go();
WebAssembly.instantiateStreaming(fetch("main.wasm"), go.importObject)
  .then((result) => go.run(result.instance))
  .catch((err) => console.error("loading main.wasm failed:", err));
"use strict";
// Fixture script: loads main.wasm the way the real page does.
const go = new Go();
WebAssembly.instantiateStreaming(fetch("main.wasm"), go.importObject)
  .then((result) => go.run(result.instance))
  .catch((err) => console.error("loading main.wasm failed:", err));
"use strict";
// Fixture script: loads main.wasm the way the real page does.
const go = new Go();
WebAssembly.instantiateStreaming(fetch("main.wasm"), go.importObject)
  .then((result) => go.run(result.instance))
  .catch((err) => console.error("loading main.wasm failed:", err));
