// Server validation errors placed on the form fields they name. The API names fields as request paths
// (`body.residence.code`, issues with the same shape); a form names them as arrays (`['residence', 'code']`).
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';

export type FieldPath = (string | number)[];

export interface FieldErrors {
  /** Errors for fields the form has, ready for `form.setFields`. */
  placed: { name: FieldPath; errors: string[] }[];
  /** Messages the form cannot place on a field (shown above the form instead). */
  rest: string[];
}

/** `body.skills.0.name` → `['skills', 0, 'name']`; anything not in the body (params, query) → null. */
export function toFieldPath(apiField: string): FieldPath | null {
  const parts = apiField.split('.');
  if (parts[0] !== 'body' || parts.length < 2) return null;
  return parts.slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Splits an API failure into per-field errors (for the fields in `known`, matched on the first path segment) and
 * the rest. A failure without issues but with a `field` (a business rule such as a duplicate ID number) is placed
 * on that field with the error's message.
 */
export function fieldErrors(err: unknown, known: readonly string[]): FieldErrors {
  if (!(err instanceof ApiError)) return { placed: [], rest: [err instanceof Error ? err.message : String(err)] };
  const entries = err.issues.length > 0 ? err.issues : err.field ? [{ field: err.field, message: err.message }] : [];
  const byField = new Map<string, { name: FieldPath; errors: string[] }>();
  const rest: string[] = [];
  for (const issue of entries) {
    const path = toFieldPath(issue.field);
    const head = path?.[0];
    if (!path || typeof head !== 'string' || !known.includes(head)) {
      rest.push(issue.message);
      continue;
    }
    const key = path.join('.');
    const slot = byField.get(key) ?? { name: path, errors: [] };
    slot.errors.push(issue.message);
    byField.set(key, slot);
  }
  if (entries.length === 0) rest.push(err.message);
  return { placed: [...byField.values()], rest };
}

/** Puts the server's field errors on an antd form; answers the messages that belong to no field. */
export function showFieldErrors<T>(form: FormInstance<T>, err: unknown, known: readonly string[]): string[] {
  const { placed, rest } = fieldErrors(err, known);
  // antd types field names by the form's value shape; server paths are checked against `known` instead.
  form.setFields(placed as Parameters<FormInstance<T>['setFields']>[0]);
  return rest;
}
