import { AppError } from '../../errors/app-error.ts';
import type { RequestContext } from '../../http/context.ts';
import { scopeOf } from '../../http/context.ts';
import { type FieldCipher, normalizeIdNumber, normalizePhone } from '../../security/field-cipher.ts';
import type { PersonPage, PersonRow, PersonSearch, PersonsRepository } from './persons.repository.ts';

export interface PersonListItem {
  id: string;
  name: string;
  sex: string;
  birthDate: string;
  idNumberMasked: string;
  phoneMasked: string | null;
  jurisdiction: { code: string; name: string };
  marks: string[];
}

export interface PersonDetail extends PersonListItem {
  householdId: string | null;
  relationship: string | null;
  education: string | null;
  employmentStatus: string;
  laborCapacity: string;
  intention: string | null;
  address: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Interprets the free-text search box: ID number, phone, Chinese name prefix or pinyin (full or initials). */
export function parseSearch(q: string | undefined, cipher: FieldCipher): PersonSearch {
  const text = q?.trim() ?? '';
  if (text === '') return { kind: 'all' };
  const compact = text.replace(/\s+/g, '');
  if (/^(\d{17}[\dXx]|\d{15}|[HMhm]\d{8}(\d{2})?)$/.test(compact)) {
    return { kind: 'idNumber', bidx: cipher.blindIndex('id_number', normalizeIdNumber(compact)) };
  }
  if (/^(\+?86)?1\d{10}$/.test(compact)) return { kind: 'phone', bidx: cipher.blindIndex('phone', normalizePhone(compact)) };
  if (/^[a-zA-Z]+$/.test(compact)) return { kind: 'pinyin', text: compact.toLowerCase() };
  return { kind: 'name', text };
}

export class PersonsService {
  constructor(
    private readonly repo: PersonsRepository,
    private readonly cipher: FieldCipher,
  ) {}

  async list(
    ctx: RequestContext,
    query: { jurisdiction?: string | undefined; q?: string | undefined } & PersonPage,
  ): Promise<{ items: PersonListItem[]; total: number; page: number; pageSize: number }> {
    const scope = scopeOf(ctx);
    const within = scope.isCitizen ? ctx.actor?.jurisdictionCode ?? '' : scope.narrow(query.jurisdiction);
    const { rows, total } = await this.repo.list(scope, within, parseSearch(query.q, this.cipher), query);
    return { items: await this.toListItems(rows), total, page: query.page, pageSize: query.pageSize };
  }

  /** One person's file (masked). Out-of-scope ids answer 404 and the refusal is audited. */
  async get(ctx: RequestContext, id: string): Promise<PersonDetail> {
    const row = await this.visible(ctx, id, 'person.view');
    ctx.audit = { action: 'person.view', resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, sensitive: true };
    const [item] = await this.toListItems([row]);
    if (!item) throw new AppError('NOT_FOUND');
    return {
      ...item,
      householdId: row.householdId,
      relationship: row.relationship,
      education: row.education,
      employmentStatus: row.employmentStatus,
      laborCapacity: row.laborCapacity,
      intention: row.intention,
      address: row.address,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** Full ID number and phone: a sensitive read, always audited with its reason. */
  async reveal(ctx: RequestContext, id: string, reason: string): Promise<{ idNumber: string; phone: string | null }> {
    const row = await this.visible(ctx, id, 'person.reveal');
    ctx.audit = {
      action: 'person.reveal',
      resourceType: 'person',
      resourceId: id,
      jurisdictionCode: row.jurisdictionCode,
      reason,
      sensitive: true,
      detail: { fields: ['idNumber', 'phone'] },
    };
    return {
      idNumber: this.cipher.decrypt(row.idNumberEnc),
      phone: row.phoneEnc ? this.cipher.decrypt(row.phoneEnc) : null,
    };
  }

  private async visible(ctx: RequestContext, id: string, action: string): Promise<PersonRow> {
    const found = await this.repo.findScoped(scopeOf(ctx), id);
    switch (found.status) {
      case 'visible':
        return found.row;
      case 'out_of_scope':
        ctx.audit = { action, resourceType: 'person', resourceId: id, jurisdictionCode: found.jurisdictionCode, denied: true, detail: { reason: 'out_of_scope' } };
        throw new AppError('NOT_FOUND');
      case 'absent':
        throw new AppError('NOT_FOUND');
    }
  }

  private async toListItems(rows: PersonRow[]): Promise<PersonListItem[]> {
    const ids = rows.map((r) => r.id);
    const [marks, names] = await Promise.all([
      this.repo.activeMarks(ids),
      this.repo.divisionNames(rows.map((r) => r.jurisdictionCode)),
    ]);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      sex: r.sex,
      birthDate: r.birthDate,
      idNumberMasked: r.idNumberMasked,
      phoneMasked: r.phoneMasked,
      jurisdiction: { code: r.jurisdictionCode, name: names.get(r.jurisdictionCode) ?? r.jurisdictionCode },
      marks: marks.get(r.id) ?? [],
    }));
  }
}
