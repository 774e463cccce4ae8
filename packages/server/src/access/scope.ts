/**
 * Jurisdiction scoping: a user sees and changes only their jurisdiction's subtree; a citizen only their own file.
 * Division codes are 12 digits (2 province + 2 city + 2 county + 3 township + 3 village); the subtree of a code
 * is every code sharing its significant prefix, so scoping is a `LIKE 'prefix%'` on an indexed column.
 * Repositories take a `Scope` and apply it themselves — routes never filter by hand.
 */
import { and, eq, like, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { likePrefix } from '../db/like.ts';
import { persons } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { Role } from './roles.ts';

export const NATION_CODE = '000000000000';

export type DivisionLevel = 'nation' | 'province' | 'city' | 'county' | 'township' | 'village';

/** The significant prefix of a 12-digit division code ('' for the national root). */
export function codePrefix(code: string): string {
  if (code === NATION_CODE) return '';
  if (code.endsWith('0000000000')) return code.slice(0, 2);
  if (code.endsWith('00000000')) return code.slice(0, 4);
  if (code.endsWith('000000')) return code.slice(0, 6);
  if (code.endsWith('000')) return code.slice(0, 9);
  return code;
}

export function levelOf(code: string): DivisionLevel {
  switch (codePrefix(code).length) {
    case 0:
      return 'nation';
    case 2:
      return 'province';
    case 4:
      return 'city';
    case 6:
      return 'county';
    case 9:
      return 'township';
    default:
      return 'village';
  }
}

export function isDivisionCode(value: string): boolean {
  return /^\d{12}$/.test(value);
}

/** True when `code` lies in the subtree of `root`. */
export function covers(root: string, code: string): boolean {
  return code.startsWith(codePrefix(root));
}

export interface ScopeActor {
  readonly role: Role;
  readonly jurisdictionCode: string;
  readonly personId: string | null;
}


/**
 * Rows about a person whose file is hidden (deletion request, merge) are not shown: "hidden means hidden" on every
 * read path except the operator's audited include-hidden views. An anti-join on the primary key (hidden files are
 * few), co-located with person-centred tables by `person_id`.
 */
export function notHiddenPerson(personIdColumn: PgColumn | SQL): SQL {
  // Aliased, so the check also works inside a query on `persons` itself.
  return sql`NOT EXISTS (SELECT 1 FROM ${persons} AS hidden_person WHERE hidden_person.id = ${personIdColumn} AND hidden_person.hidden_at IS NOT NULL)`;
}

export class Scope {
  readonly prefix: string;

  constructor(readonly actor: ScopeActor) {
    this.prefix = codePrefix(actor.jurisdictionCode);
  }

  get isCitizen(): boolean {
    return this.actor.role === 'citizen';
  }

  covers(code: string): boolean {
    return !this.isCitizen && code.startsWith(this.prefix);
  }

  /** Throws OUT_OF_SCOPE (403) for a jurisdiction outside the user's subtree. */
  assertCovers(code: string): void {
    if (!this.covers(code)) throw new AppError('OUT_OF_SCOPE', { params: { code }, field: 'jurisdiction' });
  }

  /** Narrows an optional requested jurisdiction to the user's subtree (default: the user's own). */
  narrow(requested: string | undefined): string {
    const code = requested ?? this.actor.jurisdictionCode;
    if (this.isCitizen) throw new AppError('FORBIDDEN');
    this.assertCovers(code);
    return code;
  }

  /**
   * The one jurisdiction condition: `column` (a column, or a raw column reference such as sql`p.jurisdiction_code`)
   * lies in the subtree of `within`, a code the caller has already narrowed or checked. Undefined at the national
   * root (no restriction); equality at a village (a leaf: index order, no range).
   */
  static subtree(column: PgColumn | SQL, within: string): SQL | undefined {
    const prefix = codePrefix(within);
    if (prefix === '') return undefined;
    return prefix.length === 12 ? sql`${column} = ${within}` : like(column, likePrefix(prefix));
  }

  /** `Scope.subtree` for raw SQL text, where a condition must stand: `TRUE` at the national root. */
  static subtreeSql(column: PgColumn | SQL, within: string): SQL {
    return Scope.subtree(column, within) ?? sql`TRUE`;
  }

  /** SQL condition restricting a jurisdiction column to the subtree of `within` (already checked). */
  jurisdictionCondition(column: PgColumn, within: string = this.actor.jurisdictionCode): SQL | undefined {
    return Scope.subtree(column, within);
  }

  /**
   * Condition for person-centred rows: citizens see only their own file; rows of hidden files are left out unless
   * the caller asks for them (the operator's audited include-hidden views; the service checks the permission).
   */
  personCondition(jurisdictionColumn: PgColumn, personIdColumn: PgColumn, within?: string, options: { includeHidden?: boolean | undefined } = {}): SQL | undefined {
    const hidden = options.includeHidden ? undefined : notHiddenPerson(personIdColumn);
    if (this.isCitizen) return andAll(eq(personIdColumn, this.actor.personId ?? '00000000-0000-0000-0000-000000000000'), hidden);
    return andAll(this.jurisdictionCondition(jurisdictionColumn, within), hidden);
  }


  /** Whether a person row (by its jurisdiction and id) is visible to this actor. */
  canSeePerson(row: { id: string; jurisdictionCode: string }): boolean {
    if (this.isCitizen) return row.id === this.actor.personId;
    return row.jurisdictionCode.startsWith(this.prefix);
  }
}

export function andAll(...conditions: (SQL | undefined)[]): SQL | undefined {
  const present = conditions.filter((c): c is SQL => c !== undefined);
  return present.length === 0 ? undefined : and(...present);
}

/** Codes of a division and every division above it, from the province down (12 digits each; the nation not included). */
export function ancestorCodes(code: string): string[] {
  const prefix = codePrefix(code);
  return [2, 4, 6, 9, 12].filter((n) => n <= prefix.length).map((n) => code.slice(0, n).padEnd(12, '0'));
}
