/**
 * What the request log may say. Query strings carry search terms (an ID number in `?q=`), and a failed query's
 * error carries its parameters (names, birth dates, addresses): the log keeps the path, the names of the query
 * parameters and the SQL text, never their values.
 */

/** `/api/v1/persons?q=110…&page=2` → `/api/v1/persons?q=~&page=~`. */
export function redactUrl(url: string): string {
  const i = url.indexOf('?');
  if (i < 0) return url;
  const names = url
    .slice(i + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0] ?? ''}=~`);
  return `${url.slice(0, i)}?${names.join('&')}`;
}

// 15/18-digit resident ID numbers, 11-digit mobile numbers and any other long digit run (account numbers).
const LONG_DIGITS = /\d{11,}[\dXx]?/g;
// A quoted value in a database message (`invalid input syntax for type integer: "张三"`); identifiers stay.
const QUOTED_VALUE = /"([^"]*)"/g;
const IDENTIFIER = /^[a-z_][a-z0-9_.$]*$/;

/** A message with values taken out: drizzle's `params:` tail, quoted values, long digit runs. */
export function redactMessage(message: string): string {
  const cut = message.indexOf('\nparams:');
  const head = cut < 0 ? message : message.slice(0, cut);
  return head.replace(QUOTED_VALUE, (whole, inner: string) => (IDENTIFIER.test(inner) ? whole : '"~"')).replace(LONG_DIGITS, '~');
}

interface LoggedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
  code?: string;
  statusCode?: number;
  cause?: LoggedError;
}

/**
 * The log form of an error: type, code, redacted message and the stack frames — and none of the enumerable
 * properties a driver attaches (`params`, `detail`, `where`, `parameters`), which is where values hide.
 */
export function serializeError(err: unknown, depth = 0): LoggedError {
  if (!(err instanceof Error)) {
    const message = redactMessage(String(err));
    return { type: typeof err, message, stack: message };
  }
  const message = redactMessage(err.message);
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  const out: LoggedError = { type: err.name || err.constructor.name, message, stack: [`${err.name}: ${message}`, ...frames].join('\n') };
  const e = err as { code?: unknown; statusCode?: unknown };
  if (typeof e.code === 'string') out.code = e.code;
  if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
  if (err.cause !== undefined && depth < 4) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

/** The request as logged: method, redacted URL, remote address. */
export function serializeRequest(req: { method?: string; url?: string; ip?: string; socket?: { remoteAddress?: string } }): Record<string, unknown> {
  return { method: req.method, url: redactUrl(req.url ?? ''), remoteAddress: req.ip ?? req.socket?.remoteAddress };
}
