import { AppError } from "../core/errors.ts";
import type { Language, PlanDocument } from "../core/plan.ts";
import { can, roleIn } from "../core/policies.ts";
import { isoDay, planProgress } from "../core/progress.ts";
import { listAreaRefs } from "../db/area.repository.ts";
import { listLinkChecks } from "../db/link-check.repository.ts";
import { findPlan, listPlans, type PlanRecord } from "../db/plan.repository.ts";
import { readPlanDocumentOf } from "../db/plan-document-read.repository.ts";
import { listUsers } from "../db/user.repository.ts";
import { DEFAULT_PREFERENCES, listUserPreferences } from "../db/user-preference.repository.ts";
import {
  composeDigest,
  type DigestItem,
  type DigestRecipient,
  type Email,
} from "../mail/digest.ts";
import type { Mailer } from "../mail/transport.ts";
import { actorForUser } from "./actor-for-user.ts";
import type { Deps } from "./deps.ts";

export type SendRemindersInput = {
  /** One plan (both or neither): without them, every plan of the current year. */
  network?: string;
  year?: number;
  /** Compose and return the messages, send nothing. */
  dryRun?: boolean;
  dueSoonDays?: number;
};

export type ReminderDeps = Deps & {
  /** Null only for dry runs. */
  mailer: Mailer | null;
  /** The portal's address, for links (config.publicUrl). */
  publicUrl: string;
};

export type ReminderOutcome = {
  email: Email;
  role: DigestRecipient["role"];
  language: Language;
  /** Items listed (late, behind target, due soon). */
  items: number;
  sent: boolean;
  /** Why sending failed; the other messages are still sent. */
  error: string | null;
};

export type SendRemindersResult = {
  today: string;
  plans: { network: string; year: number }[];
  messages: ReminderOutcome[];
};

/**
 * Composes a digest per coordinator (the late, behind-target and due-soon activities of the
 * areas they coordinate) and per admin or editor (everything, and broken evidence links),
 * each in the recipient's language, and sends them. People with nothing to hear about, who
 * are disabled or who opted out get nothing. Admins only (the CLI and the scheduler are).
 */
export async function sendReminders(
  deps: ReminderDeps,
  input: SendRemindersInput = {},
): Promise<SendRemindersResult> {
  if (!deps.actor?.installAdmin) {
    throw new AppError(deps.actor ? "forbidden" : "unauthenticated", "only admins send reminders");
  }
  if (!input.dryRun && !deps.mailer) {
    throw new AppError("unavailable", "mail is not configured: set SMTP_HOST, or use a dry run");
  }
  if ((input.network === undefined) !== (input.year === undefined)) {
    throw new AppError("invalid_input", "give both a network and a year, or neither");
  }
  const today = isoDay(deps.clock());
  const plans = await plansFor(deps, input, Number(today.slice(0, 4)));

  const docs = new Map<string, PlanDocument>();
  const docOf = async (plan: PlanRecord, lang: Language) => {
    const key = `${plan.id}:${lang}`;
    let doc = docs.get(key);
    if (!doc) {
      doc = await readPlanDocumentOf(deps.db, plan, lang);
      docs.set(key, doc);
    }
    return doc;
  };
  /** The attention items of a plan in `lang`, tagged with each area's row id. */
  const itemsOf = async (plan: PlanRecord, lang: Language) => {
    const doc = await docOf(plan, lang);
    const areaIds = new Map((await listAreaRefs(deps.db, plan.id)).map((a) => [a.code, a.id]));
    const progress = planProgress(doc, { today, dueSoonDays: input.dueSoonDays });
    return progress.areas.flatMap((area) =>
      area.activities
        .filter((a) => a.state === "late" || a.state === "behind_target" || a.state === "due_soon")
        .map((activity) => ({
          areaId: areaIds.get(area.code) ?? "",
          item: {
            network: doc.network,
            year: doc.year,
            area: { code: area.code, title: area.title },
            activity,
          } satisfies DigestItem,
        })),
    );
  };

  const brokenIn = new Map<string, number>();
  for (const plan of plans) {
    const checks = await listLinkChecks(deps.db, plan.id, { brokenOnly: true });
    brokenIn.set(plan.id, checks.filter((c) => c.current).length);
  }

  const prefs = await listUserPreferences(deps.db);
  const users = (await listUsers(deps.db)).filter((u) => u.disabledAt === null);
  const messages: ReminderOutcome[] = [];
  for (const user of users) {
    const pref = prefs.get(user.id) ?? DEFAULT_PREFERENCES;
    if (!pref.reminders) continue;
    // What a user hears about follows their role in each plan's network (the one can()):
    // everything where they may approve or edit, their areas where they coordinate.
    const actor = await actorForUser(deps.db, user);
    const mine = new Set(actor.areaIds);
    const items: DigestItem[] = [];
    let secretariat = false;
    let broken = 0;
    let language: Language | null = pref.language;
    for (const plan of plans) {
      const all = can(actor, "edit", { kind: "area", network: plan.network.slug });
      const some = roleIn(actor, plan.network.slug) === "coordinator";
      if (!all && !some) continue;
      if (all) {
        secretariat = true;
        broken += brokenIn.get(plan.id) ?? 0;
      }
      language ??= plan.originalLanguage;
      for (const it of await itemsOf(plan, language)) {
        if (all || mine.has(it.areaId)) items.push(it.item);
      }
    }
    if (!secretariat && items.length === 0) continue;
    const role = secretariat ? "secretariat" : "coordinator";
    const recipient: DigestRecipient = {
      email: user.email,
      name: user.name,
      language: language ?? "en",
      role,
    };
    const email = composeDigest({
      recipient,
      today,
      items,
      publicUrl: deps.publicUrl,
      brokenLinks: role === "secretariat" ? broken : 0,
    });
    if (!email) continue;
    messages.push({
      email,
      role,
      language: recipient.language,
      items: items.length,
      sent: false,
      error: null,
    });
  }

  if (!input.dryRun && deps.mailer) {
    for (const m of messages) {
      try {
        await deps.mailer.send(m.email);
        m.sent = true;
      } catch (e) {
        m.error = e instanceof Error ? e.message : String(e);
        deps.log.error({ to: m.email.to.email, err: m.error }, "reminder not sent");
      }
    }
  }
  deps.log.info(
    {
      today,
      plans: plans.length,
      messages: messages.length,
      sent: messages.filter((m) => m.sent).length,
    },
    input.dryRun ? "reminders composed (dry run)" : "reminders sent",
  );
  return {
    today,
    plans: plans.map((p) => ({ network: p.network.slug, year: p.year })),
    messages,
  };
}

async function plansFor(
  deps: Deps,
  input: SendRemindersInput,
  currentYear: number,
): Promise<PlanRecord[]> {
  if (input.network !== undefined && input.year !== undefined) {
    const plan = await findPlan(deps.db, input.network, input.year);
    if (!plan)
      throw new AppError("not_found", `no ${input.year} plan of network "${input.network}"`);
    return [plan];
  }
  return (await listPlans(deps.db)).filter((p) => p.year === currentYear);
}
