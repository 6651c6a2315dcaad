/**
 * Sending mail: an SMTP transport (nodemailer) made from config.smtp. The rest of the app
 * sees only `Mailer`, so tests and dry runs can put anything in its place.
 */
import type { Transporter } from "nodemailer";
import type { Config } from "../config.ts";
import { AppError } from "../core/errors.ts";
import type { Email } from "./digest.ts";

export type Mailer = {
  send(email: Email): Promise<{ messageId: string }>;
  close(): void;
};

export type SmtpConfig = Config["smtp"];

/**
 * A mailer over SMTP: implicit TLS on port 465, STARTTLS when the server offers it on any
 * other port; credentials only when a user is configured.
 */
export function createSmtpMailer(smtp: SmtpConfig): Mailer {
  if (!smtp.host) {
    throw new AppError(
      "unavailable",
      "mail is not configured: set SMTP_HOST (and SMTP_PORT, SMTP_FROM)",
    );
  }
  const host = smtp.host;
  // nodemailer (~25 MB) loads with the first message: a server may send none for a week.
  let transport: Promise<Transporter> | undefined;
  const open = () => {
    transport ??= import("nodemailer").then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        host,
        port: smtp.port,
        secure: smtp.port === 465,
        auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
        connectionTimeout: 15_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      }),
    );
    return transport;
  };
  return {
    async send(email) {
      const info = await (await open()).sendMail({
        from: smtp.from,
        to: { name: email.to.name, address: email.to.email },
        subject: email.subject,
        text: email.text,
        html: email.html,
      });
      return { messageId: String(info.messageId) };
    },
    close: () => {
      void transport?.then((t) => t.close());
    },
  };
}
