/**
 * A LIKE pattern matching `text` as a plain substring: `%` and `_` typed by a user must not act
 * as wildcards (a search for "%" would otherwise list every user). Use with `ESCAPE '\'`.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
