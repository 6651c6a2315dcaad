/**
 * Row types of the database. They never leave src/db: repositories map them to core types.
 * Ids are text (time-ordered UUIDs, see ids.ts), timestamps ISO-8601 text, JSON as text,
 * so one query code serves SQLite and PostgreSQL alike.
 */

type Editable = {
  version: number;
  created_at: string;
  updated_at: string;
};

export type NetworkRow = Editable & { id: string; slug: string; name: string };

export type PlanRow = Editable & {
  id: string;
  network_id: string;
  year: number;
  /** The language the plan's texts were first stored in (the imported document's language). */
  language: string;
  original_language: string;
  presented_at: number | null;
  lifecycle_status: "draft" | "submitted" | "approved";
  report_status: "draft" | "approved" | "published";
  /** The ordinal of the Assembly that approved the plan (null until approved). */
  approved_by_assembly: number | null;
  /** The day the approved report's data stand as of (ISO date; null until approved). */
  report_data_as_of: string | null;
  /** Who approved the report (e.g. "Executive Committee"), on which day and where. */
  report_approved_by: string | null;
  report_approved_on: string | null;
  report_approved_place: string | null;
  /** The summary of corrections approved for the next edition (null for the first). */
  report_corrections: string | null;
  /** Bumped by every change anywhere in the plan: the ETag of the whole document. */
  revision: number;
};

/** Background and purpose paragraphs; their words live in `texts` (field "text"). */
export type ParagraphRow = {
  id: string;
  plan_id: string;
  section: "background" | "purpose";
  position: number;
};

export type GovernanceRow = {
  id: string;
  plan_id: string;
  network_id: string;
  year: number;
  position: number;
  presidency: string | null;
};

export type GovernanceMemberRow = {
  governance_id: string;
  position: number;
  country: string;
};

export type AssemblyRow = {
  id: string;
  plan_id: string;
  network_id: string;
  ordinal: number;
  position: number;
  date: string | null;
  /** Null when the assembly has no place. */
  place_kind: string | null;
  place_city: string | null;
  place_country: string | null;
};

export type AreaRow = Editable & {
  id: string;
  plan_id: string;
  code: string;
  position: number;
};

/** Timing columns come in groups: <prefix>_kind, _start, _end, _count (text in `texts`). */
export type ActivityRow = Editable & {
  id: string;
  plan_id: string;
  area_id: string;
  code: string;
  position: number;
  location_kind: string;
  location_city: string | null;
  location_country: string | null;
  planned_kind: string;
  planned_start: string | null;
  planned_end: string | null;
  planned_count: number | null;
  status_code: string;
  /** Null when the status says no "when". */
  status_when_kind: string | null;
  status_when_start: string | null;
  status_when_end: string | null;
  status_when_count: number | null;
};

export type OccurrenceRow = {
  id: string;
  plan_id: string;
  activity_id: string;
  position: number;
  when_kind: string;
  when_start: string | null;
  when_end: string | null;
  when_count: number | null;
  created_at: string;
};

export type RelationRow = {
  id: string;
  activity_id: string;
  position: number;
  kind: string;
  target: string;
  source_id: string | null;
};

export type AnnexItemRow = Editable & {
  id: string;
  plan_id: string;
  position: number;
  when_kind: string;
  when_start: string | null;
  when_end: string | null;
  when_count: number | null;
};

/** A footnote; `number` is its id in the document. Label, note and text live in `texts`. */
export type SourceRow = Editable & {
  id: string;
  plan_id: string;
  number: number;
  url: string | null;
};

/**
 * The ordered lists of cited sources of a plan's owners of one kind (activities, their
 * statuses, occurrences or annex items): `{ownerId: [sourceId, …]}`, deflated JSON (see texts.ts).
 */
export type CitationRow = {
  plan_id: string;
  owner_kind: CitationOwner;
  value: Uint8Array;
};
export type CitationOwner = "activity" | "status" | "occurrence" | "annex_item";

/**
 * Every translatable wording: one document per plan, owner kind and language,
 * `{ownerId: {field: wording}}`, deflated JSON (see texts.ts).
 */
export type TextRow = {
  plan_id: string;
  owner_kind: TextOwner;
  lang: string;
  value: Uint8Array;
};
export type TextOwner =
  | "plan"
  | "paragraph"
  | "governance"
  | "assembly"
  | "area"
  | "activity"
  | "occurrence"
  | "annex_item"
  | "source";

export type PlanVersionRow = {
  id: string;
  plan_id: string;
  number: number;
  lang: string;
  document: string;
  created_at: string;
  created_by: string | null;
};

/** Edition N of a plan's published report: immutable once written. */
export type ReportEditionRow = {
  id: string;
  plan_id: string;
  number: number;
  published_at: string;
  published_by: string | null;
  data_as_of: string;
  approved_by: string | null;
  approved_on: string | null;
  approved_place: string | null;
  corrections: string | null;
  /** JSON: the generated list of changes since the previous edition. */
  changes: string;
};

/** An edition's plan document in one language, as published. */
export type ReportEditionDocumentRow = {
  edition_id: string;
  lang: string;
  document: string;
  sha256: string;
};

/** What the execution page shows of an edition in one language (JSON), written with it. */
export type ReportEditionSummaryRow = {
  edition_id: string;
  lang: string;
  summary: string;
};

/** An edition's document in one language, its JSON text gzip-compressed (migration 0017). */
export type ReportEditionGzipRow = {
  edition_id: string;
  lang: string;
  body: Uint8Array;
};

/** A public page of an edition as one build rendered it, gzip-compressed (migration 0018). */
export type PublicPageRow = {
  edition_id: string;
  page: string;
  lang: string;
  build_id: string;
  key: string;
  body: Uint8Array;
  created_at: string;
};

/** A file of an edition (format, language, options), rendered once: body in base64. */
export type ReportEditionFileRow = {
  edition_id: string;
  variant: string;
  content_type: string;
  file_name: string;
  body: string;
  sha256: string;
  created_at: string;
};

export type AmendmentRow = Editable & {
  id: string;
  plan_id: string;
  number: number;
  status: "draft" | "submitted" | "approved" | "rejected";
  reason: string;
  /** JSON: the proposed change. */
  changes: string;
  created_by: string | null;
  decided_at: string | null;
  decided_by: string | null;
};

export type UserRow = Editable & {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  /** admin: the install's administrator; member: what they may do is per network. */
  role: "admin" | "member";
  disabled_at: string | null;
};

/** A user's role in a network ("admin": the network's administrator). */
export type NetworkMemberRow = {
  user_id: string;
  network_id: string;
  role: "admin" | "editor" | "coordinator" | "viewer";
};

/** An invitation or password-reset link; only the SHA-256 of its secret is kept. */
export type AccountLinkRow = {
  id_hash: string;
  user_id: string;
  purpose: "invite" | "reset";
  created_at: string;
  expires_at: string;
  used_at: string | null;
};

/** Failed sign-ins counted under one key (an address, or an address and an e-mail). */
export type SignInFailureRow = {
  key: string;
  failures: number;
  window_ends_at: string;
  strikes: number;
  blocked_until: string | null;
  forget_at: string;
};

export type CoordinatorAreaRow = { user_id: string; area_id: string };

export type ApiTokenRow = {
  id: string;
  user_id: string;
  name: string;
  /** The first characters of the token, to tell tokens apart in lists. */
  prefix: string;
  /** SHA-256 of the whole token, hex. */
  hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

export type SessionRow = {
  /** SHA-256 of the session id held in the cookie, hex. */
  id_hash: string;
  user_id: string;
  csrf_secret: string;
  created_at: string;
  expires_at: string;
};

export type AuditLogRow = {
  id: string;
  at: string;
  actor_id: string | null;
  action: string;
  entity_kind: string;
  entity_id: string;
  /** The plan changed, for changes to plan content (null: older entries, other changes). */
  plan_id: string | null;
  before: string | null;
  after: string | null;
};

/** A creating request's Idempotency-Key and what it answered (kept a day). */
export type IdempotencyKeyRow = {
  user_id: string;
  key: string;
  request: string;
  result: string;
  created_at: string;
};

export type DB = {
  networks: NetworkRow;
  plans: PlanRow;
  paragraphs: ParagraphRow;
  governance: GovernanceRow;
  governance_members: GovernanceMemberRow;
  assemblies: AssemblyRow;
  areas: AreaRow;
  activities: ActivityRow;
  occurrences: OccurrenceRow;
  relations: RelationRow;
  annex_items: AnnexItemRow;
  sources: SourceRow;
  citations: CitationRow;
  texts: TextRow;
  plan_versions: PlanVersionRow;
  amendments: AmendmentRow;
  report_editions: ReportEditionRow;
  report_edition_documents: ReportEditionDocumentRow;
  report_edition_summaries: ReportEditionSummaryRow;
  report_edition_gzips: ReportEditionGzipRow;
  public_pages: PublicPageRow;
  report_edition_files: ReportEditionFileRow;
  users: UserRow;
  coordinator_areas: CoordinatorAreaRow;
  network_members: NetworkMemberRow;
  account_links: AccountLinkRow;
  sign_in_failures: SignInFailureRow;
  api_tokens: ApiTokenRow;
  sessions: SessionRow;
  audit_log: AuditLogRow;
  idempotency_keys: IdempotencyKeyRow;
};
