/**
 * The editor (signed-in), one route file per resource: the plan (fields, lifecycle, report),
 * areas, activities, the annex and sources, translations. Every change goes through a use case (authorized
 * and audited there); forms carry the item's version and a stale one gets the "changed by
 * someone else" page, never a silent overwrite.
 */
import type { FastifyInstance } from "fastify";
import type { WebContext } from "../context.ts";
import { activityEditorRoutes } from "./editor-activity.routes.ts";
import { annexEditorRoutes } from "./editor-annex.routes.ts";
import { areaEditorRoutes } from "./editor-area.routes.ts";
import { historyEditorRoutes } from "./editor-history.routes.ts";
import { planEditorRoutes } from "./editor-plan.routes.ts";
import { translationEditorRoutes } from "./editor-translation.routes.ts";

export async function editorRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  await planEditorRoutes(app, web);
  await areaEditorRoutes(app, web);
  await activityEditorRoutes(app, web);
  await annexEditorRoutes(app, web);
  await historyEditorRoutes(app, web);
  await translationEditorRoutes(app, web);
}
