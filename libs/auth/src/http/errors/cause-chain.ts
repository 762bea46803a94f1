const MAX_DEPTH = 4;
const MAX_LENGTH = 500;

/**
 * A cause chain as one bounded log line: `outer ← inner ← ...`. Line breaks and other control
 * characters become spaces, because a cause's message comes from outside (a mail server's reply, a
 * gateway's error) and must not be able to start a forged log line.
 */
export function causeChainOf(cause: unknown): string {
  const parts: string[] = [];
  for (let current = cause, depth = 0; current !== undefined && current !== null && depth < MAX_DEPTH; depth++) {
    parts.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  // Cut before cleaning, so a megabyte-long message costs no more than a short one.
  const joined = parts.join(' ← ');
  const bounded = joined.length > MAX_LENGTH ? `${joined.slice(0, MAX_LENGTH)}…` : joined;
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return bounded.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}
