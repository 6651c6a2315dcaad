/**
 * Reminder digests: one e-mail listing the late, behind-target and due-soon activities a
 * person should look at, as plain text and HTML (every value escaped), in their language.
 * Pure: the caller gathers the items and sends the result.
 */
import { stripCitations } from "../core/citations.ts";
import type { Language } from "../core/plan.ts";
import { type ActivityProgress, PROGRESS_RULES, type ProgressState } from "../core/progress.ts";
import { html, type SafeHtml } from "../render/html-escape.ts";

export type DigestState = Extract<ProgressState, "late" | "behind_target" | "due_soon">;
export const DIGEST_STATES: readonly DigestState[] = ["late", "behind_target", "due_soon"];

export type DigestItem = {
  network: { slug: string; name: string };
  year: number;
  area: { code: string; title: string };
  activity: ActivityProgress;
};

export type DigestRecipient = {
  email: string;
  name: string;
  language: Language;
  /** A coordinator hears about their areas; the secretariat about everything. */
  role: "coordinator" | "secretariat";
};

export type Email = {
  to: { email: string; name: string };
  subject: string;
  text: string;
  html: string;
};

export type DigestInput = {
  recipient: DigestRecipient;
  today: string;
  items: readonly DigestItem[];
  /** The portal's address, for links to each plan (config.publicUrl). */
  publicUrl: string;
  /** For the secretariat: evidence links found broken by the last check. */
  brokenLinks?: number;
};

type Words = {
  subject: (n: Record<DigestState, number>) => string;
  hello: (name: string) => string;
  introCoordinator: string;
  introSecretariat: string;
  heading: Record<DigestState, string>;
  due: (date: string, days: number) => string;
  held: (held: number, count: number) => string;
  area: string;
  broken: (n: number) => string;
  rules: string;
  footer: string;
};

const WORDS: Record<Language, Words> = {
  en: {
    subject: (n) =>
      `Work plan: ${n.late} late, ${n.behind_target} behind target, ${n.due_soon} due soon`,
    hello: (name) => `Hello ${name},`,
    introCoordinator: "These activities of your areas need attention:",
    introSecretariat: "These activities of the work plans need attention:",
    heading: { late: "Late", behind_target: "Behind target", due_soon: "Due soon" },
    due: (date, days) =>
      days < 0
        ? `due ${date} (${-days} ${-days === 1 ? "day" : "days"} ago)`
        : days === 0
          ? `due ${date} (today)`
          : `due ${date} (in ${days} ${days === 1 ? "day" : "days"})`,
    held: (h, c) => `${h} of ${c} meetings held`,
    area: "Area",
    broken: (n) => `${n} evidence ${n === 1 ? "link is" : "links are"} broken.`,
    rules: "How this is worked out",
    footer: "You receive this digest because you coordinate or run the work plan.",
  },
  es: {
    subject: (n) =>
      `Plan de trabajo: ${n.late} atrasadas, ${n.behind_target} bajo la meta, ${n.due_soon} próximas a vencer`,
    hello: (name) => `Hola, ${name}:`,
    introCoordinator: "Estas actividades de sus áreas requieren atención:",
    introSecretariat: "Estas actividades de los planes de trabajo requieren atención:",
    heading: { late: "Atrasadas", behind_target: "Bajo la meta", due_soon: "Próximas a vencer" },
    due: (date, days) =>
      days < 0
        ? `vencía el ${date} (hace ${-days} ${-days === 1 ? "día" : "días"})`
        : days === 0
          ? `vence hoy, ${date}`
          : `vence el ${date} (en ${days} ${days === 1 ? "día" : "días"})`,
    held: (h, c) => `${h} de ${c} reuniones celebradas`,
    area: "Área",
    broken: (n) =>
      `${n} ${n === 1 ? "enlace de evidencia está roto" : "enlaces de evidencia están rotos"}.`,
    rules: "Cómo se calcula",
    footer: "Recibe este resumen porque coordina o gestiona el plan de trabajo.",
  },
  pt: {
    subject: (n) =>
      `Plano de trabalho: ${n.late} atrasadas, ${n.behind_target} abaixo da meta, ${n.due_soon} a vencer`,
    hello: (name) => `Olá, ${name},`,
    introCoordinator: "Estas atividades das suas áreas precisam de atenção:",
    introSecretariat: "Estas atividades dos planos de trabalho precisam de atenção:",
    heading: { late: "Atrasadas", behind_target: "Abaixo da meta", due_soon: "A vencer" },
    due: (date, days) =>
      days < 0
        ? `vencia em ${date} (há ${-days} ${-days === 1 ? "dia" : "dias"})`
        : days === 0
          ? `vence hoje, ${date}`
          : `vence em ${date} (em ${days} ${days === 1 ? "dia" : "dias"})`,
    held: (h, c) => `${h} de ${c} reuniões realizadas`,
    area: "Área",
    broken: (n) =>
      `${n} ${n === 1 ? "link de evidência está quebrado" : "links de evidência estão quebrados"}.`,
    rules: "Como isto é calculado",
    footer: "Você recebe este resumo porque coordena ou gere o plano de trabalho.",
  },
};

const LOCALE: Record<Language, string> = { en: "en-GB", es: "es", pt: "pt-BR" };

function formatDay(iso: string, lang: Language): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALE[lang], {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(d);
}

/** The portal address of a plan, for links in messages. */
export function planUrl(publicUrl: string, network: string, year: number, lang: Language): string {
  const base = publicUrl.replace(/\/+$/, "");
  return `${base}/${encodeURIComponent(network)}/${year}?lang=${lang}`;
}

/** The items of a digest, grouped by state in the order late, behind target, due soon. */
export function groupItems(items: readonly DigestItem[]): Record<DigestState, DigestItem[]> {
  const groups: Record<DigestState, DigestItem[]> = { late: [], behind_target: [], due_soon: [] };
  for (const it of items) {
    const s = it.activity.state;
    if (s === "late" || s === "behind_target" || s === "due_soon") groups[s].push(it);
  }
  for (const s of DIGEST_STATES) {
    groups[s].sort((a, b) => a.activity.daysLeft - b.activity.daysLeft);
  }
  return groups;
}

/** The digest for one person, or null when nothing of theirs needs attention. */
export function composeDigest(input: DigestInput): Email | null {
  const { recipient, publicUrl } = input;
  const lang = recipient.language;
  const w = WORDS[lang];
  const groups = groupItems(input.items);
  const counts = {
    late: groups.late.length,
    behind_target: groups.behind_target.length,
    due_soon: groups.due_soon.length,
  };
  const broken = recipient.role === "secretariat" ? (input.brokenLinks ?? 0) : 0;
  if (counts.late + counts.behind_target + counts.due_soon === 0 && broken === 0) return null;

  const intro = recipient.role === "coordinator" ? w.introCoordinator : w.introSecretariat;
  const detail = (it: DigestItem) => {
    const a = it.activity;
    const parts = [w.due(formatDay(a.deadline, lang), a.daysLeft)];
    if (a.target) parts.push(w.held(a.target.held, a.target.count));
    return parts.join("; ");
  };
  const title = (it: DigestItem) => stripCitations(it.activity.title);
  const where = (it: DigestItem) =>
    `${it.network.name} ${it.year} · ${w.area} ${it.area.code} ${stripCitations(it.area.title)}`;

  const text: string[] = [w.hello(recipient.name), "", intro];
  const body: SafeHtml[] = [];
  for (const s of DIGEST_STATES) {
    const list = groups[s];
    if (list.length === 0) continue;
    text.push("", `${w.heading[s]} (${list.length})`);
    for (const it of list) {
      text.push(`- ${it.activity.code} ${title(it)}: ${detail(it)}`);
      text.push(`  ${where(it)} — ${planUrl(publicUrl, it.network.slug, it.year, lang)}`);
    }
    body.push(html`<h2>${w.heading[s]} (${list.length})</h2>
<ul>${list.map(
      (it) =>
        html`<li><a href="${planUrl(publicUrl, it.network.slug, it.year, lang)}">${it.activity.code} ${title(it)}</a>: ${detail(it)}<br><small>${where(it)}</small></li>`,
    )}</ul>
`);
  }
  if (broken > 0) {
    text.push("", w.broken(broken));
    body.push(html`<p>${w.broken(broken)}</p>
`);
  }
  const rules = DIGEST_STATES.filter((s) => counts[s] > 0).map((s) => PROGRESS_RULES[s][lang]);
  if (rules.length > 0) {
    text.push("", `${w.rules}:`, ...rules.map((r) => `* ${r}`));
    body.push(html`<h3>${w.rules}</h3>
<ul>${rules.map((r) => html`<li>${r}</li>`)}</ul>
`);
  }
  text.push("", "--", w.footer);

  const page = html`<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><title>${w.subject(counts)}</title></head>
<body>
<p>${w.hello(recipient.name)}</p>
<p>${intro}</p>
${body}<hr>
<p><small>${w.footer}</small></p>
</body>
</html>
`;
  return {
    to: { email: recipient.email, name: recipient.name },
    subject: w.subject(counts),
    text: `${text.join("\n")}\n`,
    html: page.toString(),
  };
}
