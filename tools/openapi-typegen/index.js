// openapi-typescript needs TypeScript's compiler API (ts.factory, the printer), which
// TypeScript 7 no longer ships. This package depends on openapi-typescript and on
// typescript 5 itself, so npm installs them here, nested, while the project keeps
// TypeScript 7 for its own type checking. Drop it once openapi-typescript supports 7.
import openapiTS, { astToString } from "openapi-typescript";

/** The TypeScript types (`paths`, `components`, `operations`) of an OpenAPI 3.x document. */
export async function generateTypes(document) {
  const ast = await openapiTS(structuredClone(document), { silent: true });
  return astToString(ast);
}
