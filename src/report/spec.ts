/**
 * The type our figure builders return and renderSvg takes: a Vega-Lite
 * specification as plain JSON. It is deliberately not vega-lite's own
 * `TopLevelSpec`: naming that type in our public declarations made every
 * TypeScript project that compiles the package in CommonJS mode under
 * moduleResolution node16/nodenext (TypeScript 5.x, skipLibCheck off) fail
 * with TS1541 (a type-only import of an ES module from a CommonJS one), and
 * node10 resolution could not find vega-lite's types at all. Inside the
 * package the builders are still checked against `TopLevelSpec`
 * (vega-cast.ts; this file must not import vega-lite, since the public
 * declarations import it).
 */
export type VegaLiteSpec = { readonly $schema?: string; readonly [key: string]: unknown };
