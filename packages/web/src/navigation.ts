/**
 * The `?next=` target after login. Only same-site absolute paths are followed, so a crafted link cannot send the
 * user to another site (`//evil`, `/\evil`) or loop back to the login page.
 */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (next === '/login' || next.startsWith('/login?') || next.startsWith('/login/')) return null;
  return next;
}
