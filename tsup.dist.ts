/**
 * How every package's dist is minified, and the gateway bench's bundle with it (bench/gateway.bench.ts:
 * the gateway is measured as installed). Comments and whitespace out: kept comments with a non-ASCII
 * character (Chinese terms) made V8 hold a whole bundle's source as a two-byte string. Identifiers stay
 * as they are, so class and function names (`.name`, stack frames) need no keepNames, whose __name()
 * calls give each function a property array (0.44 MB in the gateway). `node --enable-source-maps` maps
 * traces back to the sources (docs/install.md).
 */
export const distMinify = { minifyWhitespace: true, minifySyntax: true } as const;
