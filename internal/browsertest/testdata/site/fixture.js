"use strict";
// Behaviour of the fixture page: Run prints two lines (one holding markup that
// must stay text) and finishes later; Boom reports errors; Quick runs and
// finishes within one task, faster than any poll.
const root = document.getElementById("playground");
const out = document.getElementById("output");

function line(goroutine, text) {
  const div = document.createElement("div");
  div.setAttribute("data-goroutine", goroutine);
  div.textContent = text;
  out.append(div);
}

document.getElementById("run").addEventListener("click", () => {
  root.dataset.state = "running";
  line("main", "hello from main");
  line("worker-1", "<b>not bold</b> & <script>not run</script>");
  setTimeout(() => { root.dataset.state = "done"; }, 200);
});

document.getElementById("boom").addEventListener("click", () => {
  console.error("fixture console error");
  setTimeout(() => { throw new Error("Go program has already exited"); }, 0);
  Promise.reject(new Error("fixture rejection"));
});

document.getElementById("quick").addEventListener("click", () => {
  root.dataset.state = "running";
  line("main", "quick");
  root.dataset.state = "done";
});

console.log("fixture loaded");
setTimeout(() => { root.dataset.state = "ready"; }, 50);
