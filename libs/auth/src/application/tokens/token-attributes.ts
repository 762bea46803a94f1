/**
 * The most identity-attribute text an access token carries, as JSON characters. Attributes travel
 * in the token (not a per-request directory lookup, nor a cache that another instance would not
 * share): `getIdentity().attributes` and ABAC rules read them for free, and they are as fresh as the
 * token, like `permits` (a refresh reads the directory again). The bound keeps every token, and so
 * every request's Authorization header, small: a directory may hold 50 values of 256 characters.
 */
export const MAX_TOKEN_ATTRIBUTES_CHARS = 2048;

/**
 * The attributes to put in an access token: in name order, as many whole attributes as fit in
 * `MAX_TOKEN_ATTRIBUTES_CHARS`. Those left out are absent from the caller's identity, never cut
 * short, so a rule that needs one does not match (fail closed). Undefined when there are none.
 */
export function tokenAttributesOf(attributes: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (!attributes) return undefined;
  const kept: Record<string, string> = {};
  let size = 2;
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name];
    if (typeof value !== 'string') continue;
    const entry = JSON.stringify(name).length + JSON.stringify(value).length + 2;
    if (size + entry > MAX_TOKEN_ATTRIBUTES_CHARS) continue;
    kept[name] = value;
    size += entry;
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}
