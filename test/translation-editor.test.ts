import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { createUser } from "../src/app/create-user.ts";
import { importReport } from "../src/app/import-report.ts";
import { body, type TestApp } from "../src/http/testing.ts";
import { testDialects } from "./helpers/db.ts";
import { gealcPlan } from "./helpers/plans.ts";
import { openPortalApp } from "./security/portal-app.ts";

const PASSWORD = "correct horse battery staple";
const PAGE = "/edit/gealc/2023/translations/es";
const EXTRACT = readFileSync(
  new URL("../examples/gealc-2023/extracto-informe-2023.es.txt", import.meta.url),
);
const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

/** A multipart/form-data body as a browser sends it (made by the platform's own encoder). */
async function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer }) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append("file", new Blob([new Uint8Array(file.bytes)]), file.name);
  const req = new Request("http://localhost/", { method: "POST", body: fd });
  return {
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { "content-type": String(req.headers.get("content-type")) },
  };
}

for (const dialect of testDialects()) {
  describe(`editor: the translation view [${dialect}]`, () => {
    let t: TestApp;
    const cookies: Record<string, string> = {};
    before(async () => {
      t = await openPortalApp(dialect);
      const doc = gealcPlan();
      assert.ok(doc, "examples/gealc-2023/plan.json");
      await importReport(t.admin, {
        document: { ...doc, network: { slug: "real", name: "GEALC Network" } },
      });
      const users = [
        ["editor", "gealc", "editor"],
        ["viewer", "gealc", "viewer"],
        ["coordinator", "gealc", "coordinator"],
        ["real", "real", "editor"],
      ] as const;
      for (const [who, network, role] of users) {
        await createUser(t.admin, {
          email: `tr-${who}@example.org`,
          name: `Tr ${who}`,
          role,
          network,
          ...(role === "coordinator" ? { areas: [{ network, year: 2023, code: "3.1" }] } : {}),
          password: PASSWORD,
        });
        const res = await t.inject({
          method: "POST",
          url: "/api/v1/session",
          headers: { "content-type": "application/json" },
          payload: JSON.stringify({ email: `tr-${who}@example.org`, password: PASSWORD }),
        });
        assert.equal(res.statusCode, 200, res.body);
        cookies[who] = `wp_session=${res.cookies.find((c) => c.name === "wp_session")?.value}`;
      }
    });
    after(() => t.close());

    const get = (url: string, who?: string) =>
      t.app.inject({ url, headers: who ? { cookie: cookies[who] ?? "" } : {} });
    const post = async (who: string, fields: Record<string, string>, url = PAGE) => {
      const page = await get(`${url}?lang=en`, who);
      return t.app.inject({
        method: "POST",
        url: `${url}?lang=en`,
        headers: { cookie: cookies[who] ?? "" },
        payload: { _csrf: tokenOf(page.body), ...fields },
      });
    };

    test("the plan's editor page links to each other language with its progress", async () => {
      const res = await get("/edit/gealc/2023?lang=es", "editor");
      assert.equal(res.statusCode, 200);
      assert.match(
        res.body,
        /href="\/edit\/gealc\/2023\/translations\/es\?lang=es">Traducir al español/,
      );
      assert.match(res.body, /Español: 0 de \d+ textos/);
      assert.match(res.body, /translations\/pt\?lang=es/);
      assert.doesNotMatch(res.body, /translations\/en\?/, "no translation into the original");
    });

    test("the view shows every text side by side, untranslated ones marked, in the interface language", async () => {
      const api = body(
        await t.inject({ url: "/api/v1/networks/gealc/plans/2023/translations/es", as: "editor" }),
      );
      const res = await get(`${PAGE}?lang=en`, "editor");
      assert.equal(res.statusCode, 200);
      assert.match(res.body, new RegExp(`Spanish: 0 of ${api.total} texts`));
      assert.match(res.body, new RegExp(`<progress max="${api.total}" value="0"`));
      assert.equal(res.body.match(/class="tr-missing"/g)?.length, api.total);
      assert.match(res.body, /<td lang="en" data-label="Original \(English\)">GEALC Network<\/td>/);
      assert.match(res.body, /name="tr:\/areas\/0\/activities\/0\/title" lang="es"/);
      assert.match(res.body, /Activity 3\.1\.1 · title/);
      const pt = await get(`${PAGE}?lang=pt`, "editor");
      assert.match(pt.body, new RegExp(`Espanhol: 0 de ${api.total} textos`));
    });

    test("saving the form writes only what changed, escaped; a stale field gets the conflict page", async () => {
      const res = await post("editor", {
        "tr:/title": "Plan de trabajo <script>x</script>",
        "was:/title": "",
        "tr:/network/name": "",
        "was:/network/name": "",
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const page = await get(`${PAGE}?lang=en`, "editor");
      assert.match(page.body, /Spanish: 1 of/);
      assert.match(page.body, /value="Plan de trabajo &lt;script&gt;x&lt;\/script&gt;"/);
      assert.doesNotMatch(page.body, /<script>x/);
      const doc = body(
        await t.inject({ url: "/api/v1/networks/gealc/plans/2023?lang=es", as: "editor" }),
      );
      assert.equal(doc.title, "Plan de trabajo <script>x</script>");
      // Someone read "" but the title is translated now: nothing is written, the 409 page shows both.
      const stale = await post("editor", { "tr:/title": "Otro", "was:/title": "" });
      assert.equal(stale.statusCode, 409);
      assert.match(stale.body, /Plan de trabajo &lt;script&gt;/);
      const again = body(
        await t.inject({ url: "/api/v1/networks/gealc/plans/2023?lang=es", as: "editor" }),
      );
      assert.equal(again.title, "Plan de trabajo <script>x</script>");
      // Line breaks as browsers send them (CRLF) are stored as LF and compare equal next time.
      const crlf = await post("editor", {
        "tr:/background/0": "Uno\r\nDos",
        "was:/background/0": "",
      });
      assert.equal(crlf.statusCode, 303);
      const same = await post("editor", {
        "tr:/background/0": "Uno\r\nDos (bis)",
        "was:/background/0": "Uno\r\nDos",
      });
      assert.equal(same.statusCode, 303, "no false conflict");
      const bg = body(
        await t.inject({ url: "/api/v1/networks/gealc/plans/2023?lang=es", as: "editor" }),
      );
      assert.equal(bg.background[0], "Uno\nDos (bis)");
      // The plan's history says it in words.
      const plan = await get("/edit/gealc/2023?lang=en", "editor");
      assert.match(plan.body, /Spanish translation: 1 text, by Tr editor/);
      // Only the missing ones.
      const missing = await get(`${PAGE}?lang=en&missing=1`, "editor");
      assert.doesNotMatch(missing.body, /name="tr:\/title"/);
      assert.match(missing.body, /name="tr:\/network\/name"/);
    });

    test("a viewer reads the view without fields and cannot post; a form without its token is refused", async () => {
      const page = await get(`${PAGE}?lang=en`, "viewer");
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /name="tr:/);
      assert.doesNotMatch(page.body, /enctype="multipart\/form-data"/);
      assert.match(page.body, /You may read this translation but not change it/);
      const res = await post("viewer", { "tr:/title": "Hackeado", "was:/title": "" });
      assert.equal(res.statusCode, 403);
      const noToken = await t.app.inject({
        method: "POST",
        url: `${PAGE}?lang=en`,
        headers: { cookie: cookies.editor ?? "" },
        payload: { "tr:/distribution": "x", "was:/distribution": "" },
      });
      assert.equal(noToken.statusCode, 403);
      // A coordinator gets fields for their area's activities only.
      const coord = await get(`${PAGE}?lang=en`, "coordinator");
      assert.match(coord.body, /name="tr:\/areas\/0\/activities\/0\/title"/);
      assert.doesNotMatch(coord.body, /name="tr:\/areas\/1\/activities\/0\/title"/);
      assert.doesNotMatch(coord.body, /name="tr:\/title"/);
    });

    test("anonymous visitors and other networks' members never see it", async () => {
      const anon = await get(`${PAGE}?lang=en`);
      assert.equal(anon.statusCode, 303);
      assert.match(String(anon.headers.location), /^\/signin/);
      assert.equal((await get(`${PAGE}?lang=en`, "real")).statusCode, 404);
      assert.equal(
        (await get("/edit/gealc/2023/translations/fr?lang=en", "editor")).statusCode,
        404,
      );
      assert.equal(
        (await get("/edit/gealc/2023/translations/en?lang=en", "editor")).statusCode,
        400,
      );
    });

    test("uploading a translated report: a mismatch lists FILE:LINE and attaches nothing; partial attaches the rest", async () => {
      const url = "/edit/real/2023/translations/es";
      const page = await get(`${url}?lang=en`, "real");
      assert.match(page.body, /enctype="multipart\/form-data"/);
      const _csrf = tokenOf(page.body);
      const bad = Buffer.from(EXTRACT.toString("utf8").replace("3.1.2)", "3.1.99)"));
      const send = async (
        fields: Record<string, string>,
        file?: { name: string; bytes: Buffer },
      ) => {
        const m = await multipart(fields, file);
        return t.app.inject({
          method: "POST",
          url: `${url}/upload?lang=en`,
          payload: m.payload,
          headers: { ...m.headers, cookie: cookies.real ?? "" },
        });
      };
      const upload = (fields: Record<string, string>, bytes: Buffer) =>
        send({ _csrf, ...fields }, { name: "extracto.es.txt", bytes });
      const refused = await upload({}, bad);
      assert.equal(refused.statusCode, 422, refused.body.slice(refused.body.indexOf("up-h")));
      assert.match(
        refused.body,
        /<code>extracto\.es\.txt:39: activity 3\.1\.99 is not in area 3\.1 of the plan<\/code>/,
        refused.body.slice(refused.body.indexOf("up-h"), refused.body.indexOf("up-h") + 1500),
      );
      assert.match(refused.body, /Spanish: 0 of/);
      const partial = await upload({ partial: "1" }, bad);
      assert.equal(partial.statusCode, 200);
      assert.match(partial.body, /\d+ texts attached\./);
      assert.match(partial.body, /extracto\.es\.txt:39: activity 3\.1\.99/);
      const n = Number(/Spanish: (\d+) of/.exec(partial.body)?.[1]);
      assert.ok(n > 100, `${n}`);
      // A Word report (as LibreOffice saves it) is read as well.
      const word = await send(
        { _csrf, partial: "1" },
        {
          name: "extracto.es.docx",
          bytes: readFileSync(
            new URL("./fixtures/docx/extracto-informe-2023.es.libreoffice.docx", import.meta.url),
          ),
        },
      );
      assert.equal(word.statusCode, 200, word.body.slice(word.body.indexOf("up-h")));
      const fromWord = Number(/(\d+) texts attached\./.exec(word.body)?.[1]);
      assert.ok(fromWord > 50, `${fromWord}`);
      // The wrong language, and no file at all.
      const wrong = await upload(
        {},
        Buffer.from(
          readFileSync(
            new URL("../examples/gealc-2023/gealc-2023-work-plan-report.en.txt", import.meta.url),
          ),
        ),
      );
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /written in en/);
      const none = await send({ _csrf });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /Choose a file to upload/);
      // A file over the request limit (10 MiB) is refused before it is read.
      const huge = await send(
        { _csrf },
        { name: "big.txt", bytes: Buffer.alloc(11 * 1024 * 1024, 0x41) },
      );
      assert.equal(huge.statusCode, 413);
      assert.match(String(huge.headers["content-type"]), /^text\/html/);
      // Without the form's token nothing is read.
      const forged = await send({}, { name: "x.txt", bytes: EXTRACT });
      assert.equal(forged.statusCode, 403);
    });
  });
}
