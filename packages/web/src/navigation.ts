/**
 * The `?next=` target after login. Only same-site absolute paths are followed, so a crafted link cannot send the
 * user to another site (`//evil`, `/\evil`) or loop back to the login page.
 */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (next === '/login' || next.startsWith('/login?') || next.startsWith('/login/')) return null;
  return next;
}

/**
 * Links of the form `/#/citizen/register?office=…` (hash routing, as printed on office QR codes) name a path of
 * this console, which routes on the real path: answers that path, or null for any other hash.
 */
export function pathFromHash(hash: string): string | null {
  if (!hash.startsWith('#/') || hash.startsWith('#//')) return null;
  return hash.slice(1);
}
