/** The administrator's page: users, their roles and the areas coordinators coordinate. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { createUser } from "../../app/create-user.ts";
import { getPlanDocument } from "../../app/get-plan-document.ts";
import { listPlans } from "../../app/list-plans.ts";
import { listManagedUsers, updateUserRole } from "../../app/manage-users.ts";
import { setCoordinatorAreas } from "../../app/set-coordinator-areas.ts";
import { AppError, isAppError } from "../../core/errors.ts";
import { ROLES, type Role } from "../../core/policies.ts";
import { sendPage, type WebContext } from "../context.ts";
import { html } from "../html.ts";
import { href, page } from "../layout.ts";
import { errorSummary, type FieldErrors, field, form, select } from "../pages/forms.ts";

type Body = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim();
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

async function admin(web: WebContext, request: FastifyRequest) {
  const viewer = await web.viewer(request);
  if (!viewer) throw new AppError("unauthenticated", "sign in first");
  if (viewer.user.role !== "admin") throw new AppError("forbidden", "administrators only");
  return web.deps(request);
}

async function usersPage(
  web: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  values: Body = {},
  errors: FieldErrors = {},
) {
  const deps = await admin(web, request);
  const ctx = await web.pageCtx(request, reply);
  const users = await listManagedUsers(deps);
  // The areas of each network's newest plan can be given to coordinators.
  const newest = new Map<string, { network: string; year: number }>();
  for (const p of await listPlans(deps, {})) {
    if (!newest.has(p.network.slug))
      newest.set(p.network.slug, { network: p.network.slug, year: p.year });
  }
  const areas: { key: string; label: string }[] = [];
  for (const p of newest.values()) {
    const doc = (await getPlanDocument(deps, { ...p, lang: ctx.lang })).document;
    for (const a of doc.areas)
      areas.push({
        key: `${p.network}/${p.year}/${a.code}`,
        label: `${p.year} · ${a.code} ${a.title}`,
      });
  }
  const roleOptions = ROLES.map((r) => ({ value: r, label: ctx.t[`role_${r}`] }));
  const rows = users.map((u) => {
    const id = `u-${u.id}`;
    return html`<tr><th scope="row">${u.name}<br><span class="muted">${u.email}</span></th>
<td>${form(
      ctx,
      `/admin/users/${u.id}`,
      html`<input type="hidden" name="version" value="${u.version}">
${select("role", ctx.t.role, roleOptions, u.role, { id: `${id}-role` })}
<div class="field"><label><input type="checkbox" name="disabled" value="1"${u.disabledAt ? html` checked` : ""}> ${ctx.t.disabled}</label></div>
${
  areas.length
    ? html`<fieldset><legend>${ctx.t.coordinatorAreas}</legend>${areas.map(
        (a, n) =>
          html`<div><input type="checkbox" id="${id}-a${n}" name="areas" value="${a.key}"${u.areas.includes(a.key) ? html` checked` : ""}> <label for="${id}-a${n}">${a.label}</label></div>`,
      )}</fieldset>`
    : ""
}`,
      ctx.t.updateUser,
    )}</td></tr>`;
  });
  const v = (k: string) => one(values[k]);
  const body = html`<h1>${ctx.t.users}</h1>
${errorSummary(ctx, errors)}
<div class="card table-wrap"><table><thead><tr><th scope="col">${ctx.t.name}</th><th scope="col">${ctx.t.role}</th></tr></thead><tbody>${rows}</tbody></table></div>
<section class="card" aria-labelledby="add-h"><h2 id="add-h">${ctx.t.addUser}</h2>${form(
    ctx,
    "/admin/users",
    html`${field({ name: "name", label: ctx.t.name, value: v("name"), errors, required: true })}
${field({ name: "email", label: ctx.t.email, type: "email", value: v("email"), errors, required: true, autocomplete: "off" })}
${select("role", ctx.t.role, roleOptions, v("role") || "coordinator")}
${field({ name: "password", label: ctx.t.initialPassword, type: "password", errors, required: true, autocomplete: "new-password" })}`,
    ctx.t.addUser,
  )}</section>`;
  return sendPage(
    reply,
    page(ctx, { title: ctx.t.users, body, nav: "admin", noindex: true }),
    Object.keys(errors).length ? 400 : 200,
  );
}

export async function adminRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  app.get("/admin/users", async (request, reply) => usersPage(web, request, reply));

  app.post("/admin/users", async (request, reply) => {
    const deps = await admin(web, request);
    await web.checkForm(request);
    const ctx = await web.pageCtx(request, reply);
    const b = (request.body ?? {}) as Body;
    const errors: FieldErrors = {};
    if (!one(b.name)) errors.name = ctx.t.required;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(one(b.email))) errors.email = ctx.t.emailInvalid;
    if (one(b.password).length < 12) errors.password = ctx.t.passwordTooShort;
    const role = one(b.role) as Role;
    if (!ROLES.includes(role)) errors.role = ctx.t.required;
    if (!Object.keys(errors).length) {
      try {
        await createUser(deps, {
          name: one(b.name),
          email: one(b.email),
          role,
          password: one(b.password),
        });
        return reply.redirect(href(ctx, "/admin/users"), 303);
      } catch (e) {
        if (!(isAppError(e) && e.code === "conflict")) throw e;
        errors.email = ctx.t.emailTaken;
      }
    }
    return usersPage(web, request, reply, { ...b, password: "" }, errors);
  });

  app.post<{ Params: { id: string } }>("/admin/users/:id", async (request, reply) => {
    const deps = await admin(web, request);
    await web.checkForm(request);
    const ctx = await web.pageCtx(request, reply);
    const b = (request.body ?? {}) as Body;
    const role = one(b.role) as Role;
    const user = await updateUserRole(deps, {
      userId: request.params.id,
      expectedVersion: Number(one(b.version)),
      role,
      disabled: one(b.disabled) === "1",
    });
    if (user.role === "coordinator") {
      const areas = many(b.areas).flatMap((k) => {
        const m = /^([a-z0-9-]+)\/(\d{4})\/([\d.]+)$/.exec(k);
        return m ? [{ network: m[1] as string, year: Number(m[2]), code: m[3] as string }] : [];
      });
      await setCoordinatorAreas(deps, { userId: user.id, areas });
    }
    return reply.redirect(href(ctx, "/admin/users"), 303);
  });
}
