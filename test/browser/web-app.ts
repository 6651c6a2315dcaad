/**
 * A whole app (API + portal) over a temp SQLite database holding the GEALC 2023 plan and
 * three users (admin, editor, coordinator of 3.1), for the portal's inject and browser tests.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { FastifyInstance } from "fastify";
import { actorForUser } from "../../src/app/actor-for-user.ts";
import { approvePlan } from "../../src/app/approve-plan.ts";
import { approveReport } from "../../src/app/approve-report.ts";
import { createFirstAdmin, createUser } from "../../src/app/create-user.ts";
import { type Deps, silentLog } from "../../src/app/deps.ts";
import { importReport } from "../../src/app/import-report.ts";
import { publishReport } from "../../src/app/publish-report.ts";
import { setCoordinatorAreas } from "../../src/app/set-coordinator-areas.ts";
import { submitPlan } from "../../src/app/submit-plan.ts";
import { loadConfig } from "../../src/config.ts";
import type { PlanDocument } from "../../src/core/plan.ts";
import type { DbHandle } from "../../src/db/create-db.ts";
import { getPlan } from "../../src/db/plan.repository.ts";
import type { Mailer } from "../../src/mail/transport.ts";
import { buildServer } from "../../src/server/build-server.ts";
import { gealc2023 } from "../fixtures/gealc-2023-tracking.ts";
import { openTestDb } from "../helpers/db.ts";

/**
 * Where the browser tests write their screenshots: docs/screenshots/ when asked
 * (UPDATE_SCREENSHOTS=1 npm test), otherwise a temp folder, so a test run leaves the tree clean.
 */
export const SCREENSHOT_DIR: URL = process.env.UPDATE_SCREENSHOTS
  ? new URL("../../docs/screenshots/", import.meta.url)
  : pathToFileURL(`${mkdtempSync(join(tmpdir(), "wp-shots-"))}/`);

/** How the browser tests start Debian's Chromium: as the PDF renderer does. */
export { CHROMIUM_ARGS } from "../../src/render/pdf.ts";

export const PASSWORD = "correct horse battery staple";
export const USERS = {
  admin: "admin@example.org",
  editor: "manager@example.org",
  coordinator: "coord@example.org",
} as const;

export type WebTestApp = {
  app: FastifyInstance;
  handle: DbHandle;
  admin: Deps;
  /** Moves the plan (GEALC 2023 unless another is given) through its lifecycle up to `to`. */
  advance(to: "submitted" | "approved" | "report_approved" | "published"): Promise<void>;
  close(): Promise<void>;
};

export async function webTestApp(
  opts: {
    signInLimit?: number;
    /** Sends invitations and password resets (a mailer on the local test SMTP server). */
    mailer?: Mailer;
    publicUrl?: string;
    plan?: PlanDocument;
    chromiumPath?: string;
    /** The app's clock (default 2023-10-15T12:00:00Z). */
    now?: string;
  } = {},
): Promise<WebTestApp> {
  const { handle, url, cleanup } = await openTestDb("sqlite");
  const db = handle.db;
  const now = opts.now ?? "2023-10-15T12:00:00Z";
  const clock = () => new Date(now);
  const config = loadConfig({
    DATABASE_URL: url,
    PORT: "0",
    PUBLIC_URL: opts.publicUrl ?? "http://127.0.0.1:3000",
    LOAD_EXAMPLE: "0",
    ...(opts.chromiumPath ? { CHROMIUM_PATH: opts.chromiumPath } : {}),
  });
  const first = await createFirstAdmin(
    { db, clock },
    { email: USERS.admin, name: "Ada Admin", password: PASSWORD },
  );
  const admin: Deps = { db, clock, actor: await actorForUser(db, first), log: silentLog };
  const document = opts.plan ?? gealc2023();
  await importReport(admin, { document });
  // The plan's own network and year (GEALC 2023 unless another plan is given).
  const key = { network: document.network.slug, year: document.year };
  await createUser(admin, {
    email: USERS.editor,
    name: "Nora Manager",
    // The secretariat: the network's administrator (approvals and publication are hers).
    role: "admin",
    network: key.network,
    password: PASSWORD,
  });
  const coord = await createUser(admin, {
    email: USERS.coordinator,
    name: "Carlos Coordinator",
    role: "coordinator",
    password: PASSWORD,
  });
  await setCoordinatorAreas(admin, {
    userId: coord.id,
    areas: [{ ...key, code: document.areas[0]?.code ?? "3.1" }],
  });
  const app = await buildServer({
    config,
    db,
    clock,
    // advance() writes past the app: every anonymous look-up must see it at once.
    publicFreshnessMs: 0,
    ...(opts.signInLimit ? { signInLimit: opts.signInLimit } : {}),
    ...(opts.mailer ? { mailer: opts.mailer } : {}),
  });
  // The day the report's data stand as of: GEALC's report day, else the meeting it is
  // presented to (when in the plan year), else 31 December.
  const presented = document.assemblies.find((a) => a.ordinal === document.presentedAt)?.date;
  const reportDate = !opts.plan
    ? "2023-11-21"
    : presented?.startsWith(String(document.year))
      ? presented
      : `${document.year}-12-31`;
  const version = async () => (await getPlan(db, key.network, key.year)).version;
  return {
    app,
    handle,
    admin,
    async advance(to) {
      const steps = ["submitted", "approved", "report_approved", "published"];
      const plan = await getPlan(db, key.network, key.year);
      const done =
        plan.reportStatus === "published"
          ? 4
          : plan.reportStatus === "approved"
            ? 3
            : plan.lifecycleStatus === "approved"
              ? 2
              : plan.lifecycleStatus === "submitted"
                ? 1
                : 0;
      for (let i = done; i <= steps.indexOf(to); i++) {
        const input = { ...key, expectedVersion: await version() };
        if (i === 0) await submitPlan(admin, input);
        if (i === 1) {
          // The meeting that approved the plan: the last before the one it is presented to.
          const met = document.assemblies
            .filter((a) => document.presentedAt === null || a.ordinal < document.presentedAt)
            .at(-1);
          await approvePlan(admin, {
            ...input,
            assembly:
              met?.date && met.place
                ? { ordinal: met.ordinal, date: met.date, place: met.place.text }
                : { ordinal: 16, date: "2022-11-11", place: "Lima, Peru" },
          });
        }
        // The report's data as of the day it was presented (XVII Assembly).
        if (i === 2) await approveReport(admin, { ...input, dataAsOf: reportDate });
        if (i === 3) await publishReport(admin, input);
      }
    },
    async close() {
      await app.close();
      await handle.close();
      await cleanup();
    },
  };
}

/** The cookies of a response as a Cookie header fragment map. */
export function cookiesOf(res: {
  cookies: { name: string; value: string }[];
}): Record<string, string> {
  return Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
}

export const cookieHeader = (jar: Record<string, string>) =>
  Object.entries(jar)
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");

/** An inject GET with a cookie jar, in English. */
export async function get(t: WebTestApp, url: string, jar: Record<string, string> = {}) {
  return t.app.inject({ url, headers: { cookie: cookieHeader(jar), "accept-language": "en" } });
}

/** Signs in through the form (with its CSRF token); returns the browser's cookie jar. */
export async function signIn(t: WebTestApp, email: string): Promise<Record<string, string>> {
  const page = await t.app.inject({ url: "/signin?lang=en" });
  const jar = cookiesOf(page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
  const res = await t.app.inject({
    method: "POST",
    url: "/signin?lang=en",
    headers: { cookie: cookieHeader(jar) },
    payload: { _csrf: csrf, email, password: PASSWORD, next: "/gealc/2023" },
  });
  if (res.statusCode !== 303) {
    throw new Error(`sign-in as ${email} answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
  }
  return { ...jar, ...cookiesOf(res) };
}
