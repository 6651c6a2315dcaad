/**
 * The layering rules of docs/ARCHITECTURE.md, checked by `npm run lint` (so by CI):
 * dependency-cruiser reads every import of src/ and fails on any of these.
 */
const TESTS = "\\.test\\.ts$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "No module imports a module that imports it, even through others.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "core-without-io",
      comment:
        "src/core is the pure domain: no file system, network, database, HTTP or process, and no other layer.",
      severity: "error",
      from: { path: "^src/core/", pathNot: TESTS },
      to: {
        path: [
          "^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|worker_threads|cluster|os|process)$",
          "node_modules/(kysely|pg|better-sqlite3|fastify|@fastify|nodemailer|playwright-core|mammoth|docx|exceljs)/",
          "^src/(?!core/)",
        ],
      },
    },
    {
      name: "no-query-builder-in-app",
      comment:
        "Repositories own all SQL: use cases (src/app) call src/db's functions, never Kysely or the table types.",
      severity: "error",
      from: { path: "^src/app/", pathNot: TESTS },
      to: { path: ["node_modules/(kysely|pg|better-sqlite3)/", "^src/db/schema\\.ts$"] },
    },
    {
      name: "web-not-into-http",
      comment:
        "The portal and the API are siblings: what both need lives below them (src/edge, src/app), never in the other.",
      severity: "error",
      from: { path: "^src/web/", pathNot: "^src/web/routes/auth\\.routes\\.ts$" },
      to: { path: "^src/http/" },
    },
    {
      // Known: the portal's sign-in counts failures by the API's signInKey until the two
      // sign-in limiters become one below both edges (another change removes this rule).
      name: "web-not-into-http-but-sign-in-key",
      severity: "error",
      from: { path: "^src/web/routes/auth\\.routes\\.ts$" },
      to: { path: "^src/http/", pathNot: "^src/http/auth\\.ts$" },
    },
    {
      name: "http-not-into-web",
      comment: "The API does not know the portal; src/server assembles the two.",
      severity: "error",
      from: { path: "^src/http/" },
      to: { path: "^src/web/" },
    },
    {
      name: "layers-point-down",
      comment:
        "Nothing below the edges (app, db, render, import, mail, core, edge) imports an edge or the server.",
      severity: "error",
      from: { path: "^src/(app|db|render|import|mail|core|edge)/", pathNot: TESTS },
      to: { path: "^src/(http|web|cli|server)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    parser: "swc",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
