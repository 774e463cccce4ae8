/**
 * The headers every answer carries. The console is a built single-page app served from our own origin: scripts
 * only from it, no inline script, no framing by anyone. antd's CSS-in-JS inserts `<style>` elements at run time,
 * hence `style-src 'unsafe-inline'` (styles cannot run code). API answers carry personal data: never cached.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** JSON answers are never rendered as documents: nothing may load from them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const COMMON: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** The security headers for an answer to `url`. */
export function securityHeadersFor(url: string): Record<string, string> {
  if (url.startsWith('/api/')) return { ...COMMON, 'content-security-policy': API_CSP, 'cache-control': 'no-store' };
  return { ...COMMON, 'content-security-policy': CONSOLE_CSP };
}
