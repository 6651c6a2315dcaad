import type { FastifyInstance } from "fastify";
import type { Config } from "../config.ts";

/** Listens on config.host:config.port (0: any free port) and returns the URL it serves at. */
export async function listen(
  app: FastifyInstance,
  config: Pick<Config, "host" | "port">,
): Promise<string> {
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  return `http://${host}:${port}`;
}

/**
 * Stops serving gracefully: accepts no new connection (new requests on open keep-alive
 * connections get 503), lets requests in flight finish for up to `graceMs`, then cuts
 * what is left, and closes the database (`closeDb`) once no request can use it. Returns
 * whether everything finished in time.
 */
export async function drain(
  app: FastifyInstance,
  closeDb: () => Promise<void>,
  graceMs: number,
): Promise<"drained" | "cut"> {
  const closed = app.close().then(() => "drained" as const);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"cut">((resolve) => {
    timer = setTimeout(() => resolve("cut"), graceMs);
  });
  const how = await Promise.race([closed, late]);
  clearTimeout(timer);
  if (how === "cut") {
    app.server.closeAllConnections();
    await closed;
  }
  await closeDb();
  return how;
}
