import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = {
  from: string;
  to: string[];
  /** The whole message as received (headers and body). */
  raw: string;
  /** The Subject header, decoded. */
  subject: string;
  /** Decoded bodies of the text/plain and text/html parts. */
  text: string;
  html: string;
};

export type TestSmtp = {
  host: string;
  port: number;
  messages: ReceivedMail[];
  close(): Promise<void>;
};

/** A local SMTP server on 127.0.0.1 and an ephemeral port, keeping what it receives. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(_auth, _session, cb) {
      cb(null, { user: "test" });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        messages.push({
          from,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...decode(raw),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    host: "127.0.0.1",
    port,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function header(head: string, name: string): string {
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const m = unfolded.match(new RegExp(`^${name}:\\s*(.*)$`, "im"));
  return m?.[1]?.trim() ?? "";
}

function decodeWords(v: string): string {
  return v
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_w, enc: string, data: string) =>
      enc.toLowerCase() === "b"
        ? Buffer.from(data, "base64").toString("utf8")
        : qp(data.replace(/_/g, " ")),
    );
}

function qp(s: string): string {
  const bytes: number[] = [];
  const text = s.replace(/=\r?\n/g, "");
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "=" && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c ?? "", "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function decodePart(part: string): { type: string; body: string } {
  const at = part.search(/\r?\n\r?\n/);
  const head = part.slice(0, at);
  const body = part.slice(at).replace(/^\r?\n\r?\n/, "");
  const enc = header(head, "Content-Transfer-Encoding").toLowerCase();
  const type = header(head, "Content-Type").split(";")[0]?.toLowerCase() ?? "";
  const decoded =
    enc === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
      : enc === "quoted-printable"
        ? qp(body)
        : body;
  return { type, body: decoded.replace(/\r\n/g, "\n") };
}

function decode(raw: string): { subject: string; text: string; html: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, at);
  const subject = decodeWords(header(head, "Subject"));
  const boundary = header(head, "Content-Type").match(/boundary="?([^";]+)"?/)?.[1];
  const parts = boundary ? raw.split(`--${boundary}`).slice(1, -1) : [raw];
  let text = "";
  let html = "";
  for (const p of parts) {
    const { type, body } = decodePart(p.replace(/^\r?\n/, ""));
    if (type === "text/plain") text = body;
    if (type === "text/html") html = body;
  }
  return { subject, text, html };
}
