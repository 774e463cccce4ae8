/**
 * LIKE patterns built from user input. `%` and `_` typed by a user are literal characters, not wildcards: every
 * LIKE whose pattern contains user text goes through `likePrefix` / `escapeLike` (PostgreSQL's default escape
 * character is the backslash, so no ESCAPE clause is needed).
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The pattern "starts with `text`" (text taken literally). */
export function likePrefix(text: string): string {
  return `${escapeLike(text)}%`;
}
