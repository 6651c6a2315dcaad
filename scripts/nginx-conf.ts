/**
 * Writes the nginx configuration for N workplan instances behind one caching proxy
 * (docs/DEPLOY.md). Anonymous GETs are cached as the app's Cache-Control allows
 * (public, max-age, stale-while-revalidate); requests carrying a session cookie or an
 * Authorization header go to the app and are never stored. Run:
 *   node scripts/nginx-conf.ts --upstream 127.0.0.1:3001 --upstream 127.0.0.1:3002 \
 *     --listen 443 --server-name plan.example.org --tls-cert /etc/ssl/x.pem --tls-key /etc/ssl/x.key \
 *     --cache-dir /var/cache/nginx/workplan > /etc/nginx/sites-available/workplan
 * With --standalone DIR it writes a whole nginx.conf that keeps everything inside DIR (pid,
 * logs, temporary files, cache), for `nginx -p DIR -c DIR/nginx.conf` (the deployment test).
 */
import { parseArgs } from "node:util";

export type NginxOptions = {
  upstreams: string[];
  listen: string;
  serverName: string;
  cacheDir: string;
  tls?: { cert: string; key: string };
  /** A folder holding everything nginx writes: the config is then a whole nginx.conf. */
  standalone?: string | undefined;
  /** The workers' user in a standalone config (e.g. root, when run as root in a test). */
  user?: string | undefined;
};

/** The name of the portal's session cookie: its presence means "signed in, do not cache". */
const SESSION_COOKIE = "wp_session";

/** The configuration text (a server block, or a whole nginx.conf when standalone). */
export function nginxConf(o: NginxOptions): string {
  if (o.upstreams.length === 0) throw new Error("at least one --upstream is needed");
  for (const u of o.upstreams) {
    if (!/^[\w.[\]:-]+:\d+$/.test(u)) throw new Error(`--upstream ${u}: expected HOST:PORT`);
  }
  const signedIn = `$cookie_${SESSION_COOKIE} $http_authorization`;
  const http = `proxy_cache_path ${o.cacheDir} levels=1:2 keys_zone=workplan:10m max_size=1g inactive=30m use_temp_path=off;

# max_fails=0: an instance is never marked down, so one just restarted gets requests at once;
# a stopped instance refuses connections at once, and the request goes to the next one.
upstream workplan {
${o.upstreams.map((u) => `  server ${u} max_fails=0;`).join("\n")}
  keepalive 32;
}

server {
  listen ${o.listen}${o.tls ? " ssl" : ""};
  server_name ${o.serverName};
${o.tls ? `  ssl_certificate ${o.tls.cert};\n  ssl_certificate_key ${o.tls.key};\n  ssl_protocols TLSv1.2 TLSv1.3;\n` : ""}  client_max_body_size 10m;

  # Metrics are for the scraper on the instances' own network, never through the proxy.
  location = /metrics { return 404; }

  location / {
    proxy_pass http://workplan;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Request-Id $request_id;

    # A restarting instance refuses connections: idempotent requests go to the other one.
    proxy_next_upstream error timeout http_502 http_503;
    proxy_next_upstream_tries 2;
    proxy_connect_timeout 2s;

    # Anonymous pages are public documents: cached as the app's Cache-Control says
    # (max-age, then stale-while-revalidate while one request refreshes them).
    proxy_cache workplan;
    proxy_cache_key "$scheme$host$request_uri";
    proxy_cache_bypass ${signedIn};
    proxy_no_cache ${signedIn};
    proxy_cache_lock on;
    proxy_cache_revalidate on;
    proxy_cache_background_update on;
    proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;
    add_header X-Cache-Status $upstream_cache_status always;
  }
}
`;
  if (!o.standalone) return http;
  const d = o.standalone;
  return `# A whole nginx.conf keeping everything under ${d}.
${o.user ? `user ${o.user};\n` : ""}worker_processes 1;
pid ${d}/nginx.pid;
error_log ${d}/error.log warn;
daemon off;
events { worker_connections 1024; }

http {
  access_log ${d}/access.log;
  client_body_temp_path ${d}/client_body;
  proxy_temp_path ${d}/proxy;
  fastcgi_temp_path ${d}/fastcgi;
  uwsgi_temp_path ${d}/uwsgi;
  scgi_temp_path ${d}/scgi;
  default_type application/octet-stream;

${http.replace(/^/gm, "  ").replace(/^ +$/gm, "")}
}
`;
}

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      upstream: { type: "string", multiple: true },
      listen: { type: "string", default: "80" },
      "server-name": { type: "string", default: "_" },
      "cache-dir": { type: "string", default: "/var/cache/nginx/workplan" },
      "tls-cert": { type: "string" },
      "tls-key": { type: "string" },
      standalone: { type: "string" },
    },
  });
  const cert = values["tls-cert"];
  const key = values["tls-key"];
  if (Boolean(cert) !== Boolean(key)) throw new Error("--tls-cert and --tls-key go together");
  process.stdout.write(
    nginxConf({
      upstreams: values.upstream ?? [],
      listen: values.listen,
      serverName: values["server-name"],
      cacheDir: values["cache-dir"],
      tls: cert && key ? { cert, key } : undefined,
      standalone: values.standalone,
    }),
  );
}

if (import.meta.main) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`nginx-conf: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
