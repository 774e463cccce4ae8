// The one fetch wrapper of the console. Every API call goes through `request`, so cookies, CSRF, language and the
// error shape are handled in one place.
import { DEFAULT_LANGUAGE, acceptLanguage, translate, type Language } from '../locales/index.ts';
import type { ErrorBody, ErrorIssue } from './types.ts';

/** An API failure as the UI sees it: `message` is already in the user's language and is what the UI shows. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly issues: ErrorIssue[];

  constructor(status: number, code: string, message: string, field?: string, issues: ErrorIssue[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.issues = issues;
  }

  /** 403 and 404 look the same to the user: the server does not reveal whether something outside scope exists. */
  get notPermitted(): boolean {
    return this.status === 403 || this.status === 404;
  }
}

/** Codes the client itself produces when no API error body is available. */
export const CLIENT_ERROR = { network: 'NETWORK_ERROR', badResponse: 'BAD_RESPONSE' } as const;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Query = Record<string, string | number | boolean | null | undefined>;

interface State {
  csrfToken: string | null;
  language: Language;
  fetchImpl: typeof fetch;
  onUnauthorized: (() => void) | null;
}

const state: State = {
  csrfToken: null,
  language: DEFAULT_LANGUAGE,
  fetchImpl: (input, init) => fetch(input, init),
  onUnauthorized: null,
};

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

export function setLanguage(language: Language): void {
  state.language = language;
}

/** Called when an authenticated call answers 401 (session expired or revoked). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  state.onUnauthorized = handler;
}

/** For tests: replace the transport. */
export function setFetch(fetchImpl: typeof fetch): void {
  state.fetchImpl = fetchImpl;
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    // Empty filters are left out rather than sent as `q=` so the server sees "no filter".
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Login and `me` answer 401 as a normal outcome; they must not trigger the session-expired handler. */
  skipUnauthorizedHandler?: boolean;
  /** A file sent as it is (bulk import upload) instead of a JSON body. */
  file?: Blob;
  /** A multipart form (comparison upload); the browser sets the content type with its boundary. */
  form?: FormData;
}

/** The ApiError of a failed answer: the server's code, message (in the user's language) and field. */
function failure(status: number, parsed: unknown): ApiError {
  if (isErrorBody(parsed)) {
    const { code, message, field, issues } = parsed.error;
    return new ApiError(status, code, message, field, issues ?? []);
  }
  return new ApiError(status, CLIENT_ERROR.badResponse, translate(state.language, 'error.badResponse', { status }));
}

/**
 * Downloads a file answer (a list export) through the one transport: a failure becomes the server's ApiError (so
 * the page can show it) instead of a saved error page. Answers the number of rows the server reports.
 */
export async function download(path: string, query?: Query): Promise<{ rows: number; truncated: boolean }> {
  let response: Response;
  try {
    response = await state.fetchImpl(buildUrl(path, query), {
      method: 'GET',
      headers: { 'accept-language': acceptLanguage(state.language) },
      credentials: 'include',
    });
  } catch {
    throw new ApiError(0, CLIENT_ERROR.network, translate(state.language, 'error.network'));
  }
  if (!response.ok) {
    if (response.status === 401) state.onUnauthorized?.();
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      parsed = undefined;
    }
    throw failure(response.status, parsed);
  }
  const blob = await response.blob();
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'export.xlsx';
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { rows: Number(response.headers.get('x-export-rows') ?? 0), truncated: response.headers.get('x-export-truncated') === 'true' };
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': acceptLanguage(state.language),
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  else if (options.file) headers['content-type'] = 'application/octet-stream';
  // (a FormData body gets no content-type here: the browser adds multipart/form-data with its boundary)
  if (method !== 'GET' && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;

  let response: Response;
  try {
    response = await state.fetchImpl(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'include',
      body: options.body === undefined ? (options.form ?? options.file) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, CLIENT_ERROR.network, translate(state.language, 'error.network'));
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }

  if (!response.ok) {
    if (response.status === 401 && !options.skipUnauthorizedHandler) state.onUnauthorized?.();
    throw failure(response.status, parsed);
  }
  if (parsed === undefined) {
    throw new ApiError(
      response.status,
      CLIENT_ERROR.badResponse,
      translate(state.language, 'error.badResponse', { status: response.status }),
    );
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** The text to show for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
