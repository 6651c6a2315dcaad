/**
 * The server of bench/http.bench.ts alone, for profiling by hand: a SQLite file holding the
 * published GEALC 2023 example, served on PORT (default 3999) until SIGINT/SIGTERM. Run:
 *   node --cpu-prof bench/serve-example.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLog } from "../src/app/deps.ts";
import { loadExample } from "../src/cli/commands/serve.ts";
import { CLI_ACTOR } from "../src/cli/db-deps.ts";
import { loadConfig } from "../src/config.ts";
import { createDb } from "../src/db/create-db.ts";
import { listen } from "../src/http/server.ts";
import { buildServer } from "../src/server/build-server.ts";

const dir = mkdtempSync(join(tmpdir(), "wp-serve-"));
const config = {
  ...loadConfig({ DATABASE_URL: join(dir, "bench.sqlite") }),
  port: Number(process.env.PORT ?? 3999),
};
const handle = await createDb(config.databaseUrl);
const clock = () => new Date();
await loadExample({ db: handle.db, clock, actor: CLI_ACTOR, log: silentLog });
const app = await buildServer({ config, db: handle.db, clock });
console.log(await listen(app, config));
const stop = async () => {
  await app.close();
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
