/**
 * The deployment of docs/DEPLOY.md, for real: two `bin/workplan serve` processes on one
 * PostgreSQL database behind Debian's nginx configured by scripts/nginx-conf.ts. Skipped
 * without nginx or PostgreSQL (CI has both and requires them).
 */
import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { nginxConf } from "../scripts/nginx-conf.ts";
import { sharedDatabase } from "../src/http/testing.ts";
import { runCli } from "./helpers/cli.ts";
import { testDialects } from "./helpers/db.ts";
import { findTool, needs } from "./helpers/tools.ts";

const BIN = new URL("../bin/workplan", import.meta.url).pathname;
const PASSWORD = "a long passphrase for the test";
const EMAIL = "secretariat@example.org";

type Instance = { child: ChildProcessWithoutNullStreams; port: number; log: string[] };

function skipReason(): false | string {
  const tool = needs("nginx");
  if (tool) return tool;
  if (!testDialects().includes("postgres")) return "needs PostgreSQL (TEST_DATABASE_URL)";
  return false;
}

/** Starts `workplan serve`; resolves with its port once it listens (or rejects if it exits). */
function startInstance(env: NodeJS.ProcessEnv, port = 0): Promise<Instance> {
  const child = spawn(BIN, ["serve"], { env: { ...env, PORT: String(port) } });
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    let out = "";
    child.stderr.on("data", (d) => log.push(String(d)));
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), log });
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${out}${log.join("")}`)));
  });
}

/** SIGTERM, and the exit code once it has drained and stopped. */
function stopInstance(i: Instance): Promise<number | null> {
  if (i.child.exitCode !== null) return Promise.resolve(i.child.exitCode);
  return new Promise((resolve) => {
    i.child.once("exit", (code) => resolve(code));
    i.child.kill("SIGTERM");
  });
}

const cookiesOf = (res: Response): Record<string, string> =>
  Object.fromEntries(
    res.headers.getSetCookie().map((c) => {
      const [pair = ""] = c.split(";");
      const at = pair.indexOf("=");
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
const cookieHeader = (jar: Record<string, string>) =>
  Object.entries(jar)
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");

/** Signs in on `base`: the session cookie jar, or the status of a refused attempt. */
async function signIn(base: string, password: string): Promise<Record<string, string> | number> {
  const form = await fetch(`${base}/signin?lang=en`);
  const jar = cookiesOf(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  const res = await fetch(`${base}/signin?lang=en`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookieHeader(jar), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, email: EMAIL, password, next: "/gealc/2023" }),
  });
  await res.arrayBuffer();
  return res.status === 303 ? { ...jar, ...cookiesOf(res) } : res.status;
}

describe("two instances on one PostgreSQL behind nginx's cache", { skip: skipReason() }, () => {
  let dir: string;
  let db: { url: string; cleanup: () => Promise<void> };
  let env: NodeJS.ProcessEnv;
  let instances: Instance[] = [];
  let nginx: ChildProcessWithoutNullStreams | undefined;
  let proxy: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "wp-deploy-"));
    chmodSync(dir, 0o755);
    db = await sharedDatabase("postgres");
    env = {
      PATH: process.env.PATH,
      DATABASE_URL: db.url,
      HOST: "127.0.0.1",
      LOAD_EXAMPLE: "1",
      BUILD_ID: "deploy-test",
      TRUST_PROXY: "127.0.0.1",
      LOG_LEVEL: "warn",
      SHUTDOWN_GRACE_MS: "5000",
    };
    // Both start on the empty database at once: one migrates and loads the example.
    instances = await Promise.all([startInstance(env), startInstance(env)]);
    const made = await runCli(
      ["user", "add", EMAIL, "--role", "admin", "--network", "gealc", "--password-stdin"],
      { env: { DATABASE_URL: db.url }, stdin: `${PASSWORD}\n` },
    );
    assert.equal(made.code, 0, made.stderr);

    const port = 20000 + Math.floor(Math.random() * 20000);
    const cache = join(dir, "cache");
    mkdirSync(cache);
    writeFileSync(
      join(dir, "nginx.conf"),
      nginxConf({
        upstreams: instances.map((i) => `127.0.0.1:${i.port}`),
        listen: `127.0.0.1:${port}`,
        serverName: "localhost",
        cacheDir: cache,
        standalone: dir,
        user: process.getuid?.() === 0 ? "root" : undefined,
      }),
    );
    const bin = findTool("nginx") ?? "nginx";
    nginx = spawn(bin, ["-p", dir, "-c", join(dir, "nginx.conf")]);
    proxy = `http://127.0.0.1:${port}`;
    // Ready when it answers (no clock: a bounded number of tries, each waiting for an answer).
    for (let i = 0; i < 200; i++) {
      const ok = await fetch(`${proxy}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setImmediate(r));
      if (nginx.exitCode !== null) throw new Error(`nginx exited ${nginx.exitCode}`);
    }
  });

  after(async () => {
    nginx?.kill("SIGQUIT");
    if (nginx && nginx.exitCode === null) await new Promise((r) => nginx?.once("exit", r));
    for (const i of instances) await stopInstance(i);
    await db.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the example was loaded once, and anonymous pages come from the proxy's cache", async () => {
    const plans = await fetch(`${proxy}/api/v1/networks/gealc/plans`);
    assert.equal(plans.status, 200);
    const page = "/gealc/2023/areas/3.1?lang=es";
    const first = await fetch(proxy + page);
    await first.text();
    assert.equal(first.status, 200);
    assert.match(
      first.headers.get("cache-control") ?? "",
      /public, max-age=60, stale-while-revalidate=300/,
    );
    assert.equal(first.headers.get("set-cookie"), null);
    const second = await fetch(proxy + page);
    const body = await second.text();
    assert.equal(second.headers.get("x-cache-status"), "HIT");
    assert.match(body, /<html lang="es"/);
  });

  test("a session made on one instance works on the other; signed-in pages bypass the cache", async () => {
    const [a, b] = instances as [Instance, Instance];
    const jar = await signIn(`http://127.0.0.1:${a.port}`, PASSWORD);
    assert.ok(typeof jar === "object", `sign-in answered ${jar}`);
    const onB = await fetch(`http://127.0.0.1:${b.port}/edit/gealc/2023?lang=en`, {
      headers: { cookie: cookieHeader(jar) },
      redirect: "manual",
    });
    await onB.text();
    assert.equal(onB.status, 200);
    const viaProxy = await fetch(`${proxy}/gealc/2023?lang=en`, {
      headers: { cookie: cookieHeader(jar) },
    });
    await viaProxy.text();
    assert.equal(viaProxy.headers.get("x-cache-status"), "BYPASS");
    assert.match(viaProxy.headers.get("cache-control") ?? "", /private/);
  });

  test("failed sign-ins are counted across instances", async () => {
    const [a, b] = instances as [Instance, Instance];
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) {
      const base = `http://127.0.0.1:${(i % 2 === 0 ? a : b).port}`;
      const r = await signIn(base, `wrong password number ${i}`);
      statuses.push(typeof r === "number" ? r : 303);
    }
    const firstLimited = statuses.indexOf(429);
    assert.ok(firstLimited > 0, `no attempt was refused: ${statuses.join(",")}`);
    // Twelve tries on each instance: had each counted alone, none would reach a limit of 10
    // before the 20th attempt overall.
    assert.ok(firstLimited <= 12, `throttled only at attempt ${firstLimited + 1}`);
  });

  test("a rolling restart under steady load answers no 5xx", async () => {
    let stop = false;
    const statuses = new Map<number, number>();
    const load = async () => {
      // Bounded: each loop stops when told, or after 2,000 requests.
      for (let n = 0; !stop && n < 2000; n++) {
        // A new URL each time: past the cache, to the instances.
        const r = await fetch(`${proxy}/api/v1/networks/gealc/plans/2023?n=${n}`).catch(() => null);
        const s = r ? r.status : 0;
        await r?.arrayBuffer();
        statuses.set(s, (statuses.get(s) ?? 0) + 1);
      }
    };
    const loops = Array.from({ length: 4 }, load);
    for (let k = 0; k < instances.length; k++) {
      const old = instances[k] as Instance;
      assert.equal(await stopInstance(old), 0, "SIGTERM drains and exits 0");
      instances[k] = await startInstance(env, old.port);
    }
    stop = true;
    await Promise.all(loops);
    const served = [...statuses].reduce((n, [, c]) => n + c, 0);
    const failed = [...statuses].filter(([s]) => s === 0 || s >= 500);
    assert.ok(served > 50, `only ${served} requests were made`);
    const errors = () => {
      try {
        return readFileSync(join(dir, "error.log"), "utf8")
          .split("\n")
          .filter((l) => !/refused|temporarily disabled/.test(l))
          .slice(-12)
          .join("\n");
      } catch {
        return "";
      }
    };
    assert.deepEqual(failed, [], `answers: ${JSON.stringify([...statuses])}\n${errors()}`);
  });
});
