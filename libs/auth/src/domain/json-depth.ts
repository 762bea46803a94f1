/**
 * How deep a request's JSON may nest. Parsing a deep document is cheap, but every recursive walk
 * after it (class-transformer, class-validator, a schema validator) spends a stack frame per level:
 * about 1,300 levels, a 2.7 kB body, exhaust the stack. Real inputs stay under a handful.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The first member (a key, or an index for an array) of `value` whose value makes `value` nest
 * deeper than `maxDepth` levels, counting `value` itself as level 1; undefined when it fits.
 * The walk stops at the bound, so it never recurses deeper than `maxDepth` frames itself.
 */
export function memberNestedTooDeep(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, member] of Object.entries(value)) {
    if (deeperThan(member, maxDepth - 1)) return key;
  }
  return undefined;
}

function deeperThan(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (levels <= 0) return true;
  for (const member of Object.values(value)) {
    if (deeperThan(member, levels - 1)) return true;
  }
  return false;
}
