/** The TypeScript types (`paths`, `components`, `operations`) of an OpenAPI 3.x document. */
export declare function generateTypes(document: object): Promise<string>;
