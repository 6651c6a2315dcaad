import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type LinkServer = {
  /** http://127.0.0.1:<port> */
  base: string;
  /** A URL on 127.0.0.1 where nothing listens (connection refused). */
  refused: string;
  /** Requests seen, as "METHOD /path?query". */
  seen: string[];
  /**
   * A probe timer (ProbeOptions.timer) that expires once this server holds a request to
   * /slow: the timeout happens when the test knows it must, whatever the machine's load.
   */
  timeoutOnSlow(expire: () => void): () => void;
  close(): Promise<void>;
};

/** A probe timer that never expires: for servers that answer, so no test races a clock. */
export const noTimeout = (): (() => void) => () => {};

/**
 * A local server (127.0.0.1 only) answering the cases a link check meets:
 * /ok 200, /missing 404, /moved -> /ok, /loop -> /loop, /far -> 6 hops, /slow never (it
 * holds the request until the client gives up or the server closes), /no-head 405 to HEAD
 * and 200 to GET, /to-ftp -> ftp://.
 */
export async function startLinkServer(): Promise<LinkServer> {
  const seen: string[] = [];
  const slowWaiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    seen.push(`${req.method} ${req.url}`);
    const hop = path.match(/^\/far\/(\d+)$/);
    if (path === "/ok") return res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    if (path === "/missing") return res.writeHead(404).end("no");
    if (path === "/moved") return res.writeHead(301, { location: "/ok" }).end();
    if (path === "/loop") return res.writeHead(302, { location: "/loop" }).end();
    if (path === "/far") return res.writeHead(302, { location: "/far/1" }).end();
    if (hop) {
      const n = Number(hop[1]);
      return res.writeHead(302, { location: n >= 6 ? "/ok" : `/far/${n + 1}` }).end();
    }
    if (path === "/to-ftp") return res.writeHead(302, { location: "ftp://127.0.0.1/x" }).end();
    if (path === "/no-head") {
      if (req.method === "HEAD") return res.writeHead(405).end();
      return res.writeHead(200).end("body");
    }
    if (path === "/slow") {
      for (const w of slowWaiters) w();
      slowWaiters.clear();
      return;
    }
    res.writeHead(404).end();
  });
  await listen(server);
  const closed = createServer();
  await listen(closed);
  const refusedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    refused: `http://127.0.0.1:${refusedPort}/gone`,
    seen,
    timeoutOnSlow: (expire) => {
      slowWaiters.add(expire);
      return () => slowWaiters.delete(expire);
    },
    close: async () => {
      slowWaiters.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function listen(s: Server): Promise<void> {
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve()));
}
