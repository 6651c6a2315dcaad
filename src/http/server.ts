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
