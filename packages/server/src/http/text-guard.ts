/**
 * One check, for every route, of the text a request carries (path parameters, query, JSON body): text PostgreSQL
 * cannot store (NUL), text that is not valid Unicode (lone UTF-16 surrogates), text longer than any field of the
 * API accepts, and — in names and file names — bidirectional control characters that make a name read
 * differently from what it is (`invoice\u202Efdp.exe`). Run as a `preValidation` hook, so no route, schema or
 * service can forget it; the first offending field is named in the refusal.
 */
import type { FieldIssue } from '../errors/app-error.ts';

/** No field of the API takes more than this many characters (the longest declared maximum is 4000). */
export const MAX_TEXT_LENGTH = 10_000;

export type TextFault = 'nul' | 'surrogate' | 'too_long' | 'bidi' | 'control';

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
const LONE_SURROGATE = /\p{Cs}/u;
/** Embeddings/overrides, isolates, LRM/RLM and the Arabic letter mark. */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u001f\u007f]/;
/** Keys whose values are names of people, places, organisations or files. */
const NAME_KEY = /names?$/i;

export function isNameKey(key: string): boolean {
  return NAME_KEY.test(key);
}

/** What is wrong with `text` as the value of a field (a name when `isName`), or null. */
export function textFault(text: string, isName: boolean): TextFault | null {
  if (NUL.test(text)) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  if (text.length > MAX_TEXT_LENGTH) return 'too_long';
  if (isName && BIDI_CONTROLS.test(text)) return 'bidi';
  // Line breaks and tabs are fine in free text, never in a name.
  if (isName && CONTROL.test(text)) return 'control';
  return null;
}

export function faultMessages(fault: TextFault): { zh: string; en: string } {
  switch (fault) {
    case 'nul':
      return { zh: '含有空字符（U+0000），无法保存；请删除该字符（常见于从其他系统复制的文本）后重试', en: 'contains a NUL character (U+0000), which cannot be stored; remove it (it often comes with text copied from another system) and retry' };
    case 'surrogate':
      return { zh: '含有不成对的代理字符，不是有效的 Unicode 文本；请重新输入该字段', en: 'contains a lone UTF-16 surrogate, which is not valid Unicode text; type the field again' };
    case 'too_long':
      return { zh: `过长（上限 ${MAX_TEXT_LENGTH} 个字符）；请缩短，较长的材料请作为附件上传`, en: `is too long (at most ${MAX_TEXT_LENGTH} characters); shorten it, and upload long material as an attachment` };
    case 'bidi':
      return { zh: '含有双向文本控制字符（如 U+202E），名称中不允许；请删除后重新输入名称', en: 'contains bidirectional control characters (such as U+202E), not allowed in names; remove them and type the name again' };
    case 'control':
      return { zh: '含有控制字符（换行、制表符等），名称中不允许；请写在一行内', en: 'contains control characters (line breaks, tabs, …), not allowed in names; write it on one line' };
  }
}

export function textIssue(field: string, fault: TextFault): FieldIssue {
  const m = faultMessages(fault);
  return { field, messageZh: m.zh, messageEn: m.en };
}

/**
 * The first string (or object key) under `value` with a fault, as `{field, fault}`; `path` is the dotted name of
 * `value` itself (`body`, `query.q`). Depth is bounded by the JSON parser's own limits and the 1 MiB body.
 */
export function findTextFault(value: unknown, path: string, key = ''): { field: string; fault: TextFault } | null {
  if (typeof value === 'string') {
    const fault = textFault(value, isNameKey(key));
    return fault ? { field: path, fault } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findTextFault(value[i], `${path}.${i}`, key);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const keyFault = textFault(k, false);
      if (keyFault) return { field: `${path}.${safeKey(k)}`, fault: keyFault };
      const found = findTextFault(v, `${path}.${safeKey(k)}`, k);
      if (found) return found;
    }
  }
  return null;
}

/** A key as named in the answer and the audit: without bad characters, at most 64 characters. */
function safeKey(k: string): string {
  // eslint-disable-next-line no-control-regex
  return k.replace(/[\u0000\p{Cs}]/gu, '\ufffd').slice(0, 64);
}
