/**
 * Who may do what. Pure: the caller describes the actor and the resource (with the facts
 * a decision needs, e.g. a plan's network and statuses, or the areas citing a source),
 * and `can` answers in the domain's verbs. Every edge asks here: API, portal, downloads,
 * calendars, reminders.
 *
 * Roles are per network: an install administrator may do everything everywhere; in each
 * network a user may be its administrator (the secretariat: members, approvals,
 * publication), an editor (all plan content), a coordinator (the activities of the areas
 * given to them, per plan, carried over to next year's draft) or a viewer (reads drafts).
 * A network in which the user has no role is read as the public reads it.
 */

/** A user's role in one network ("admin": the network's administrator, not the install's). */
export const ROLES = ["admin", "editor", "coordinator", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** What the install knows of a user: its administrator, or a member of networks. */
export const INSTALL_ROLES = ["admin", "member"] as const;
export type InstallRole = (typeof INSTALL_ROLES)[number];

export const LIFECYCLE_STATUSES = ["draft", "submitted", "approved"] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

export const REPORT_STATUSES = ["draft", "approved", "published"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** A signed-in user (or token holder). */
export type Actor = {
  userId: string;
  /** The install's administrator: every network, users, the audit trail. */
  installAdmin: boolean;
  /** Network slug (never changes once made) -> the actor's role there. */
  networks: Readonly<Record<string, Role>>;
  /** The areas (row ids) the actor coordinates; they count where the actor is coordinator. */
  areaIds: readonly string[];
};

/** Someone with no role anywhere (for tests and defaults). */
export const stranger = (userId: string): Actor => ({
  userId,
  installAdmin: false,
  networks: {},
  areaIds: [],
});

/** The domain's verbs. */
export const ACTIONS = [
  "read",
  /** Add a thing: a plan, an area, an activity, a source, an annex item. */
  "create",
  /** Change a thing's wording or structure in the plan's own language. */
  "edit",
  /** Write a thing's wording in another language. */
  "translate",
  "set_status",
  "record_occurrence",
  /** Hand a plan in for approval, or take it back to draft. */
  "submit",
  "approve",
  "publish",
  "delete",
  /** Users, members, roles and areas; API tokens. */
  "manage",
  /** Probe the plan's links. */
  "check_links",
] as const;
export type Action = (typeof ACTIONS)[number];

/** The network (its slug) a resource lies in. */
type InNetwork = { network: string };

export type Resource =
  | { kind: "network"; network?: string }
  /** A plan and its document. */
  | ({ kind: "plan"; lifecycleStatus: LifecycleStatus; reportStatus: ReportStatus } & InNetwork)
  /** A plan's execution report: statuses, occurrences, the annex. */
  | ({ kind: "report"; reportStatus: ReportStatus } & InNetwork)
  /** The plan's structure: its areas, fields, paragraphs. */
  | ({ kind: "area" } & InNetwork)
  /** `areaId`: the area the activity (or the occurrence's activity) belongs to. */
  | ({ kind: "activity"; areaId: string } & InNetwork)
  /**
   * A source. `citedBy`: for every text citing it, its activity's area, or null for a text
   * outside any activity (background, purpose, an area's title, the annex).
   */
  | ({ kind: "source"; citedBy: readonly (string | null)[] } & InNetwork)
  /** The annex: `areaIds`, the plan's areas (a coordinator of any of them may add). */
  | ({ kind: "annex_item"; areaIds: readonly string[] } & InNetwork)
  /** A network's members and their roles and areas. */
  | ({ kind: "members" } & InNetwork)
  | { kind: "user"; userId?: string }
  | { kind: "api_token"; userId: string }
  | { kind: "audit_log" };

/** Whether a plan's document may be shown to anyone, signed in or not. */
export function isPublic(plan: {
  lifecycleStatus: LifecycleStatus;
  reportStatus: ReportStatus;
}): boolean {
  return plan.lifecycleStatus === "approved" || plan.reportStatus === "published";
}

/** What anyone may read: networks, public plans, published reports. */
function publicRead(action: Action, resource: Resource): boolean {
  if (action !== "read") return false;
  if (resource.kind === "network") return true;
  if (resource.kind === "plan") return isPublic(resource);
  if (resource.kind === "report") return resource.reportStatus === "published";
  return false;
}

/** The actor's role in a network (by slug), if they have one. */
export function roleIn(actor: Actor, network: string): Role | null {
  return Object.hasOwn(actor.networks, network) ? (actor.networks[network] ?? null) : null;
}

/** A plan as a resource: its network and statuses. */
export function planResource(plan: {
  network: { slug: string };
  lifecycleStatus: LifecycleStatus;
  reportStatus: ReportStatus;
}): Resource {
  return {
    kind: "plan",
    network: plan.network.slug,
    lifecycleStatus: plan.lifecycleStatus,
    reportStatus: plan.reportStatus,
  };
}

/** True when `actor` (null: anonymous) may do `action` on `resource`. */
export function can(actor: Actor | null, action: Action, resource: Resource): boolean {
  if (actor === null) return publicRead(action, resource);
  if (actor.installAdmin) return true;
  switch (resource.kind) {
    case "user":
      // Everyone may see themselves; only the install's administrator manages users.
      return action === "read" && resource.userId === actor.userId;
    case "api_token":
      return resource.userId === actor.userId;
    case "audit_log":
      return false;
    case "network":
      return action === "read";
    default:
      break;
  }
  const role = roleIn(actor, resource.network);
  if (role === null) return publicRead(action, resource);
  if (action === "read") return true;
  switch (role) {
    case "admin":
      return true;
    case "editor":
      return !["approve", "publish", "manage"].includes(action);
    case "coordinator":
      return coordinates(actor, action, resource);
    default:
      return false;
  }
}

const AREA_VERBS: readonly Action[] = [
  "create",
  "edit",
  "translate",
  "set_status",
  "record_occurrence",
];

function coordinates(actor: Actor, action: Action, resource: Resource): boolean {
  if (!AREA_VERBS.includes(action)) return false;
  const mine = (areaId: string | null) => areaId !== null && actor.areaIds.includes(areaId);
  switch (resource.kind) {
    case "activity":
      return mine(resource.areaId);
    case "source":
      // A new source: for a text of theirs. An existing one belongs to what cites it: only
      // when every citing text is the coordinator's (so citing never makes it theirs).
      if (action === "create") return resource.citedBy.some(mine);
      return resource.citedBy.length > 0 && resource.citedBy.every(mine);
    case "annex_item":
      return resource.areaIds.some(mine);
    default:
      return false;
  }
}
