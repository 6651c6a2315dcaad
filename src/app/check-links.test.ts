import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { gealc2023 } from "../../test/fixtures/gealc-2023-tracking.ts";
import { admin, editor, forEachDialect, testDeps, viewer } from "../../test/helpers/db.ts";
import { type LinkServer, noTimeout, startLinkServer } from "../../test/helpers/http-links.ts";
import { checkLinks, type LinkProgress } from "./check-links.ts";
import { importReport } from "./import-report.ts";
import { listBrokenLinks } from "./list-broken-links.ts";
import { type ProbeOptions, probeLink } from "./probe-link.ts";

let srv: LinkServer;
before(async () => {
  srv = await startLinkServer();
});
after(async () => {
  await srv.close();
});

/** The 2023 fixture with its first sources pointing at the local server's cases. */
function planWithLinks() {
  const plan = gealc2023();
  const urls: Record<number, string> = {
    1: `${srv.base}/ok`,
    2: `${srv.base}/missing`, // cited by 3.1.1
    3: `${srv.base}/moved`,
    4: `${srv.base}/slow`, // cited by 3.1.3
    5: srv.refused, // cited by 3.1.4
    6: `${srv.base}/ok`, // the same URL twice: fetched once
  };
  for (const s of plan.sources) {
    if (urls[s.id]) s.url = urls[s.id] as string;
    else if (s.url) s.url = `${srv.base}/ok?s=${s.id}`;
  }
  return plan;
}

forEachDialect("check-links", (t) => {
  it("checks every link, records the results and lists the broken ones", async () => {
    await importReport(testDeps(t.db, admin), { document: planWithLinks() });
    // The link server outlives one dialect's suite: count only this run's requests.
    const seenBefore = srv.seen.length;
    const progress: LinkProgress[] = [];
    // /slow times out once the server holds it; nothing else ever does (no clock to race).
    const probe = (url: string, o: ProbeOptions) =>
      probeLink(url, { ...o, timer: url.endsWith("/slow") ? srv.timeoutOnSlow : noTimeout });
    const deps = {
      ...testDeps(t.db, editor),
      probe,
      onProgress: (p: LinkProgress) => progress.push(p),
    };
    const r = await checkLinks(deps, { network: "gealc", year: 2023 });
    const total = planWithLinks().sources.filter((s) => s.url).length;
    assert.equal(r.checked.length, total);
    assert.equal(r.skipped, 1); // the note (source 34)
    assert.equal(progress.length, total);
    assert.equal(progress.at(-1)?.done, total);
    assert.deepEqual(
      r.broken.map((b) => [b.source, b.status, b.error]),
      [
        [2, 404, "HTTP 404"],
        [4, null, "timeout"],
        [5, null, "connection refused"],
      ],
    );
    const moved = r.checked.find((c) => c.source === 3);
    assert.equal(moved?.finalUrl, `${srv.base}/ok`);
    assert.equal(moved?.checkedAt, "2024-03-01T12:00:00.000Z");
    // The same URL is fetched once for the two sources citing it.
    assert.equal(srv.seen.slice(seenBefore).filter((s) => s === "HEAD /ok").length, 1 + 1); // /ok, and /moved's hop

    const broken = await listBrokenLinks(testDeps(t.db, viewer), { network: "gealc", year: 2023 });
    assert.deepEqual(
      broken.map((b) => [b.source, b.error, b.citedBy]),
      [
        [2, "HTTP 404", ["3.1.1"]],
        [4, "timeout", ["3.1.3"]],
        [5, "connection refused", ["3.1.4"]],
      ],
    );
  });

  it("replaces a source's last check on the next run", async () => {
    const r = await checkLinks(
      {
        ...testDeps(t.db, editor, () => new Date("2024-03-02T08:00:00Z")),
        probe: async (url) => ({
          url,
          ok: true,
          status: 200,
          error: null,
          finalUrl: url,
          redirects: 0,
        }),
      },
      { network: "gealc", year: 2023 },
    );
    assert.equal(r.broken.length, 0);
    assert.deepEqual(
      await listBrokenLinks(testDeps(t.db, viewer), { network: "gealc", year: 2023 }),
      [],
    );
  });

  it("is for editors; the broken list for signed-in users", async () => {
    await assert.rejects(checkLinks(testDeps(t.db, viewer), { network: "gealc", year: 2023 }), {
      code: "forbidden",
    });
    await assert.rejects(listBrokenLinks(testDeps(t.db, null), { network: "gealc", year: 2023 }), {
      code: "unauthenticated",
    });
    await assert.rejects(checkLinks(testDeps(t.db, editor), { network: "gealc", year: 1999 }), {
      code: "not_found",
    });
  });
});
