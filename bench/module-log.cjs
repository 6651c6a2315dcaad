// Preloaded by bench/memory.bench.ts into the server: tells the parent (over IPC) the name
// of every package the server loads, so the bench can say when heavy libraries came in.
// Only in the server: the processes it starts (the chart renderer) inherit NODE_OPTIONS, and
// their parent is the server, which does not expect these messages.
const first = !process.env.WORKPLAN_MODULE_LOG;
process.env.WORKPLAN_MODULE_LOG = "1";
const Module = require("node:module");
const seen = new Set();
function report(url) {
  const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (m && !seen.has(m[1])) {
    seen.add(m[1]);
    if (first && process.send) process.send(m[1]);
  }
}
Module.registerHooks({
  resolve(specifier, context, next) {
    const r = next(specifier, context);
    report(r.url);
    return r;
  },
});
