import { and, asc, count, desc, eq, inArray, isNull, like, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { divisions, personMarks, persons } from '../../db/schema.ts';
import { andAll, type Scope } from '../../access/scope.ts';

export type PersonRow = typeof persons.$inferSelect;

export type PersonSearch =
  | { kind: 'all' }
  | { kind: 'idNumber'; bidx: string }
  | { kind: 'phone'; bidx: string }
  | { kind: 'name'; text: string }
  | { kind: 'pinyin'; text: string };

export interface PersonPage {
  readonly page: number;
  readonly pageSize: number;
  readonly sort: 'name' | 'birthDate' | 'updatedAt';
  readonly order: 'asc' | 'desc';
}

/** Outcome of a scoped lookup: the scope check lives here, below every route. */
export type ScopedLookup =
  | { status: 'visible'; row: PersonRow }
  | { status: 'out_of_scope'; jurisdictionCode: string }
  | { status: 'absent' };

export class PersonsRepository {
  constructor(private readonly db: Database) {}

  private searchCondition(search: PersonSearch): SQL | undefined {
    switch (search.kind) {
      case 'all':
        return undefined;
      case 'idNumber':
        return eq(persons.idNumberBidx, search.bidx);
      case 'phone':
        return eq(persons.phoneBidx, search.bidx);
      case 'name':
        return like(persons.name, `${search.text}%`);
      case 'pinyin':
        return or(like(persons.namePinyin, `${search.text}%`), like(persons.nameInitials, `${search.text}%`));
    }
  }

  async list(scope: Scope, within: string, search: PersonSearch, page: PersonPage): Promise<{ rows: PersonRow[]; total: number }> {
    const where = andAll(
      scope.personCondition(persons.jurisdictionCode, persons.id, within),
      isNull(persons.hiddenAt),
      this.searchCondition(search),
    );
    const sortColumn = page.sort === 'name' ? persons.namePinyin : page.sort === 'birthDate' ? persons.birthDate : persons.updatedAt;
    const [rows, totals] = await Promise.all([
      this.db
        .select()
        .from(persons)
        .where(where)
        .orderBy(page.order === 'asc' ? asc(sortColumn) : desc(sortColumn), asc(persons.id))
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize),
      this.db.select({ n: count() }).from(persons).where(where ?? and()),
    ]);
    return { rows, total: Number(totals[0]?.n ?? 0) };
  }

  async findScoped(scope: Scope, id: string): Promise<ScopedLookup> {
    const rows = await this.db
      .select()
      .from(persons)
      .where(and(eq(persons.id, id), isNull(persons.hiddenAt)))
      .limit(1);
    const row = rows[0];
    if (!row) return { status: 'absent' };
    return scope.canSeePerson(row) ? { status: 'visible', row } : { status: 'out_of_scope', jurisdictionCode: row.jurisdictionCode };
  }

  async activeMarks(personIds: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (personIds.length === 0) return result;
    const rows = await this.db
      .select({ personId: personMarks.personId, mark: personMarks.mark })
      .from(personMarks)
      .where(and(inArray(personMarks.personId, [...personIds]), isNull(personMarks.until)))
      .orderBy(asc(personMarks.mark));
    for (const r of rows) {
      const list = result.get(r.personId) ?? [];
      list.push(r.mark);
      result.set(r.personId, list);
    }
    return result;
  }

  async divisionNames(codes: readonly string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db
      .select({ code: divisions.code, name: divisions.name })
      .from(divisions)
      .where(inArray(divisions.code, [...new Set(codes)]));
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}
