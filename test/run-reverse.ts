/**
 * `npm run test:reverse`: every test file once, in the reverse of `npm test`'s order, so a
 * file that only passes after another has run shows itself. `node --test` sorts the files it
 * is given, so this asks node:test's `run()`, which keeps them in the order passed.
 */
import { globSync } from "node:fs";
import { run } from "node:test";
import { spec } from "node:test/reporters";

const files = globSync("{src,test}/**/*.test.ts").sort().reverse();
const stream = run({ files, concurrency: 4 });
stream.on("test:fail", () => {
  process.exitCode = 1;
});
stream.compose(spec).pipe(process.stdout);
