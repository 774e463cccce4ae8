import { ERROR_CODES, type ErrorCode } from './codes.ts';

export interface FieldIssue {
  /** Dotted path, e.g. `body.username`. */
  readonly field: string;
  readonly messageZh: string;
  readonly messageEn: string;
}

export interface AppErrorOptions {
  readonly params?: Readonly<Record<string, string>>;
  readonly field?: string;
  readonly issues?: readonly FieldIssue[];
  /** Machine-readable facts for clients (e.g. `existingId` of a duplicate), returned as `error.details`. */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/** The one application error type; its HTTP status and wording come from ERROR_CODES. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Readonly<Record<string, string>>;
  readonly field: string | undefined;
  readonly issues: readonly FieldIssue[];
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(fillTemplate(ERROR_CODES[code].en, options.params ?? {}), { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.params = options.params ?? {};
    this.field = options.field;
    this.issues = options.issues ?? [];
    this.details = options.details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  message_(lang: Lang): string {
    return fillTemplate(lang === 'en' ? ERROR_CODES[this.code].en : ERROR_CODES[this.code].zh, this.params);
  }
}

export type Lang = 'zh-CN' | 'en';

export function fillTemplate(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? `{${key}}`);
}

/** Picks zh-CN unless the client prefers English (Accept-Language). */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
