/**
 * `npm run test:reverse`: every test file once, in the reverse of `npm test`'s order, so a
 * file that only passes after another has run shows itself. `node --test` sorts the files it
 * is given, so this asks node:test's `run()`, which keeps them in the order passed. The same
 * reporters as `npm test`: spec, and the summary of what was skipped for want of a tool
 * with the run's totals (CI runs this in a fresh clone without the tools).
 */
import { globSync } from "node:fs";
import { PassThrough } from "node:stream";
import { run } from "node:test";
import { spec } from "node:test/reporters";
import skipSummary from "./helpers/skip-summary.ts";

const files = globSync("{src,test}/**/*.test.ts").sort().reverse();
const stream = run({ files, concurrency: 4 });
// One stream of events, two reporters.
const toSpec = new PassThrough({ objectMode: true });
const toSummary = new PassThrough({ objectMode: true });
stream.on("data", (event) => {
  toSpec.write(event);
  toSummary.write(event);
});
stream.on("end", () => {
  toSpec.end();
  toSummary.end();
});
stream.on("test:fail", () => {
  process.exitCode = 1;
});
// The summary is gathered as the events come, and printed after the spec reporter's lines.
const summary = (async () => {
  let out = "";
  for await (const line of skipSummary(toSummary)) out += line;
  return out;
})();
for await (const chunk of toSpec.compose(spec)) process.stdout.write(chunk);
process.stdout.write(await summary);
