// Preloaded by bench/memory.bench.ts into the server: tells the parent (over IPC) the name
// of every package the server loads, so the bench can say when heavy libraries came in.
const Module = require("node:module");
const seen = new Set();
function report(url) {
  const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (m && !seen.has(m[1])) {
    seen.add(m[1]);
    if (process.send) process.send(m[1]);
  }
}
Module.registerHooks({
  resolve(specifier, context, next) {
    const r = next(specifier, context);
    report(r.url);
    return r;
  },
});
