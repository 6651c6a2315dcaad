/**
 * The users page: for the install's administrator every user, for a network's
 * administrator the members of their networks; roles per network, coordinators' areas,
 * new users (with a password, or an invitation by e-mail).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { createUser } from "../../app/create-user.ts";
import { getPlanDocument } from "../../app/get-plan-document.ts";
import { listPlans } from "../../app/list-plans.ts";
import { listManagedUsers, updateUserAccess } from "../../app/manage-users.ts";
import { setCoordinatorAreas } from "../../app/set-coordinator-areas.ts";
import { AppError, isAppError } from "../../core/errors.ts";
import { type Actor, can, ROLES, type Role } from "../../core/policies.ts";
import { manages, sendPage, type WebContext } from "../context.ts";
import { html } from "../html.ts";
import { href, type PageCtx, page } from "../layout.ts";
import {
  errorSummary,
  type FieldErrors,
  field,
  form,
  passwordError,
  select,
} from "../pages/forms.ts";
import { inviteUser } from "./account.routes.ts";

type Body = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim();
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
const NONE = "none";

async function admin(web: WebContext, request: FastifyRequest) {
  const viewer = await web.viewer(request);
  if (!viewer) throw new AppError("unauthenticated", "sign in first");
  if (!manages(viewer.actor)) throw new AppError("forbidden", "administrators only");
  return web.deps(request);
}

/** The networks whose members the actor manages, with their newest plan's areas. */
async function managedNetworks(deps: Awaited<ReturnType<WebContext["deps"]>>, ctx: PageCtx) {
  const actor = deps.actor as Actor;
  const newest = new Map<string, { network: string; year: number }>();
  for (const p of await listPlans(deps, {})) {
    if (!can(actor, "manage", { kind: "members", network: p.network.slug })) continue;
    if (!newest.has(p.network.slug))
      newest.set(p.network.slug, { network: p.network.slug, year: p.year });
  }
  const out: { slug: string; areas: { key: string; label: string }[] }[] = [];
  for (const p of newest.values()) {
    const doc = (await getPlanDocument(deps, { ...p, lang: ctx.lang })).document;
    out.push({
      slug: p.network,
      areas: doc.areas.map((a) => ({
        key: `${p.network}/${p.year}/${a.code}`,
        label: `${p.network} ${p.year} · ${a.code} ${a.title}`,
      })),
    });
  }
  return out;
}

async function usersPage(
  web: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  values: Body = {},
  errors: FieldErrors = {},
) {
  const deps = await admin(web, request);
  const actor = deps.actor as Actor;
  const ctx = await web.pageCtx(request, reply);
  const users = await listManagedUsers(deps);
  const networks = await managedNetworks(deps, ctx);
  const areas = networks.flatMap((n) => n.areas);
  const roleOptions = [
    { value: NONE, label: ctx.t.role_none },
    ...ROLES.map((r) => ({ value: r, label: ctx.t[`role_${r}`] })),
  ];
  const rows = users.map((u) => {
    const id = `u-${u.id}`;
    const check = (name: string, on: boolean, label: string) =>
      html`<div class="field"><label><input type="checkbox" name="${name}" value="1"${on ? html` checked` : ""}> ${label}</label></div>`;
    return html`<tr><th scope="row">${u.name}<br><span class="muted">${u.email}</span></th>
<td>${form(
      ctx,
      `/admin/users/${u.id}`,
      html`<input type="hidden" name="version" value="${u.version}">
${actor.installAdmin ? check("installAdmin", u.role === "admin", ctx.t.installAdmin) : ""}
${networks.map((n) =>
  select(`role_${n.slug}`, ctx.t.roleIn(n.slug), roleOptions, u.roles[n.slug] ?? NONE, {
    id: `${id}-role-${n.slug}`,
  }),
)}
${actor.installAdmin ? check("disabled", u.disabledAt !== null, ctx.t.disabled) : ""}
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
  const networkOptions = [
    ...(actor.installAdmin ? [{ value: "", label: ctx.t.wholeInstall }] : []),
    ...networks.map((n) => ({ value: n.slug, label: n.slug })),
  ];
  const body = html`<h1>${ctx.t.users}</h1>
${errorSummary(ctx, errors)}
<div class="card table-wrap"><table><thead><tr><th scope="col">${ctx.t.name}</th><th scope="col">${ctx.t.role}</th></tr></thead><tbody>${rows}</tbody></table></div>
<section class="card" aria-labelledby="add-h"><h2 id="add-h">${ctx.t.addUser}</h2>${form(
    ctx,
    "/admin/users",
    html`${field({ name: "name", label: ctx.t.name, value: v("name"), errors, required: true })}
${field({ name: "email", label: ctx.t.email, type: "email", value: v("email"), errors, required: true, autocomplete: "off" })}
${select(
  "role",
  ctx.t.role,
  ROLES.map((r) => ({ value: r, label: ctx.t[`role_${r}`] })),
  v("role") || "coordinator",
)}
${select("network", ctx.t.network, networkOptions, v("network") || (networks[0]?.slug ?? ""))}
${field({ name: "password", label: ctx.t.initialPassword, type: "password", errors, hint: ctx.t.inviteHint, autocomplete: "new-password" })}`,
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
    const password = typeof b.password === "string" ? b.password : "";
    // No password: the new user is sent an invitation to choose one.
    const badPassword = password === "" ? null : passwordError(ctx, password);
    if (badPassword) errors.password = badPassword;
    const role = one(b.role) as Role;
    if (!ROLES.includes(role)) errors.role = ctx.t.required;
    const network = one(b.network);
    if (!password && !web.mailer) errors.password = ctx.t.passwordOrMail;
    if (!Object.keys(errors).length) {
      try {
        const user = await createUser(deps, {
          name: one(b.name),
          email: one(b.email),
          role,
          ...(network ? { network } : {}),
          ...(password ? { password } : {}),
        });
        if (!password) await inviteUser(web, request, user, ctx.lang);
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
    const actor = deps.actor as Actor;
    const b = (request.body ?? {}) as Body;
    const networks = await managedNetworks(deps, ctx);
    const roles: Record<string, Role | typeof NONE> = {};
    for (const n of networks) {
      const r = one(b[`role_${n.slug}`]);
      if (r === NONE || (ROLES as readonly string[]).includes(r)) roles[n.slug] = r as Role;
    }
    await updateUserAccess(deps, {
      userId: request.params.id,
      expectedVersion: Number(one(b.version)),
      roles,
      ...(actor.installAdmin
        ? { installAdmin: one(b.installAdmin) === "1", disabled: one(b.disabled) === "1" }
        : {}),
    });
    const coordinating = new Set(
      Object.entries(roles)
        .filter(([, r]) => r === "coordinator")
        .map(([n]) => n),
    );
    if (coordinating.size > 0) {
      const areas = many(b.areas).flatMap((k) => {
        const m = /^([a-z0-9-]+)\/(\d{4})\/([\d.]+)$/.exec(k);
        return m && coordinating.has(m[1] as string)
          ? [{ network: m[1] as string, year: Number(m[2]), code: m[3] as string }]
          : [];
      });
      await setCoordinatorAreas(deps, { userId: request.params.id, areas });
    }
    return reply.redirect(href(ctx, "/admin/users"), 303);
  });
}
