/**
 * The e-mails that let people into their accounts: an invitation to choose a password,
 * and a password reset. Plain text and escaped HTML, in en, es or pt. Pure.
 */
import type { Language } from "../core/plan.ts";
import { html } from "../render/html-escape.ts";
import type { Email } from "./digest.ts";

export type AccountEmailInput = {
  to: { email: string; name: string };
  purpose: "invite" | "reset";
  /** The single-use link. */
  url: string;
  /** How long the link works, in hours. */
  hours: number;
  language: Language;
};

const WORDS: Record<
  Language,
  {
    subject: Record<AccountEmailInput["purpose"], string>;
    hello: (name: string) => string;
    body: Record<AccountEmailInput["purpose"], string>;
    expires: (hours: number) => string;
    ignore: string;
  }
> = {
  en: {
    subject: { invite: "Your workplan account", reset: "Choose a new workplan password" },
    hello: (n) => `Hello ${n},`,
    body: {
      invite: "You have been given an account. Choose your password at this address:",
      reset: "Someone asked for a new password for your account. Choose one at this address:",
    },
    expires: (h) => `The link works once, for ${h} hours.`,
    ignore: "If you did not expect this message, ignore it: nothing changes.",
  },
  es: {
    subject: { invite: "Su cuenta de workplan", reset: "Elija una nueva contraseña de workplan" },
    hello: (n) => `Hola, ${n}:`,
    body: {
      invite: "Se le ha dado una cuenta. Elija su contraseña en esta dirección:",
      reset: "Alguien pidió una nueva contraseña para su cuenta. Elíjala en esta dirección:",
    },
    expires: (h) => `El enlace sirve una sola vez, durante ${h} horas.`,
    ignore: "Si no esperaba este mensaje, ignórelo: nada cambia.",
  },
  pt: {
    subject: { invite: "Sua conta do workplan", reset: "Escolha uma nova senha do workplan" },
    hello: (n) => `Olá, ${n},`,
    body: {
      invite: "Você recebeu uma conta. Escolha sua senha neste endereço:",
      reset: "Alguém pediu uma nova senha para sua conta. Escolha-a neste endereço:",
    },
    expires: (h) => `O link funciona uma única vez, por ${h} horas.`,
    ignore: "Se você não esperava esta mensagem, ignore-a: nada muda.",
  },
};

/** The invitation or reset e-mail. */
export function composeAccountEmail(input: AccountEmailInput): Email {
  const w = WORDS[input.language];
  const text = [
    w.hello(input.to.name),
    "",
    w.body[input.purpose],
    input.url,
    "",
    w.expires(input.hours),
    w.ignore,
    "",
  ].join("\n");
  const body = html`<!DOCTYPE html><html lang="${input.language}"><body>
<p>${w.hello(input.to.name)}</p>
<p>${w.body[input.purpose]}<br><a href="${input.url}">${input.url}</a></p>
<p>${w.expires(input.hours)}<br>${w.ignore}</p>
</body></html>`;
  return { to: input.to, subject: w.subject[input.purpose], text, html: String(body) };
}
