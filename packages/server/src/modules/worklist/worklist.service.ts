/**
 * The caseworker's worklist ("服务找人"): everything due or overdue in their jurisdiction, grouped by kind and
 * ordered overdue first, then by deadline. Items are materialised (`worklist_items`, written with the service state
 * by the per-person recomputation and the nightly job), so a request is one indexed range read of the jurisdiction
 * prefix with per-kind counts and the first `limit` items of each kind; texts are composed for the returned page
 * only. Each item carries a pre-filled action. Registrations without a state row yet (bulk imports before the next
 * night) still show their first-contact deadline, read from the registration rows.
 */
import { sql } from 'drizzle-orm';
import { compiledRuleIds, type ObligationRule, type PackRegistry, type ServiceType } from '@bangfu/rules';
import { codePrefix } from '../../access/scope.ts';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import type { Clock } from '../../jobs/clock.ts';
import { rowsOf } from '../services/service-state.repository.ts';
import { StateEngine } from '../services/service-state.ts';
import { SERVICE_TYPE_ZH } from '../services/services.service.ts';
import { WORK_KINDS, type WorkKind } from './items.ts';
import { markReminderRead, remindersFor } from './reminders.repository.ts';

export { WORK_KINDS, type WorkKind } from './items.ts';

/** One unmet obligation rule inside a person's `obligation` item. */
export interface OwedService {
  rule: string;
  service: ServiceType;
  min: number;
  dueOn: string | null;
  overdue: boolean;
  textZh: string;
  textEn: string;
  source: string;
}

export interface WorkItem {
  kind: WorkKind;
  personId: string;
  name: string;
  idNumberMasked: string;
  jurisdictionCode: string;
  /** null: open-ended (e.g. a Level II plan with no deadline). */
  dueOn: string | null;
  overdue: boolean;
  textZh: string;
  textEn: string;
  rule: string | null;
  source: string | null;
  action: { serviceType: ServiceType; channel: string; href: string };
  /** `obligation` items: every unmet rule of the person, earliest deadline first. */
  obligations?: OwedService[];
}

interface ItemDbRow extends Record<string, unknown> {
  person_id: string;
  kind: WorkKind;
  jurisdiction_code: string;
  due_on: string | null;
  overdue: boolean;
  service_type: string;
  channel: string;
  rule: string | null;
  pack_ref: string;
  rule_mask: number;
  rule_dues: (string | null)[] | null;
  detail: string | null;
  name: string;
  id_number_masked: string;
  total: number | string;
  overdue_total: number | string;
}

interface PendingRegistration extends Record<string, unknown> {
  person_id: string;
  name: string;
  id_number_masked: string;
  jurisdiction_code: string;
  first_contact_deadline: string;
}

const TIER_ZH: Record<string, string> = { short: '短期失业', medium: '中短期失业', long: '长期失业' };
const FIRST_CONTACT_SOURCE = '人社厅发〔2020〕79号 办理时限';
const FOLLOW_UP_SOURCE = 'NM24 四; XC23 三(三); NM22 三(七)';
const STALE_SOURCE = 'NM24 三; XC23 三(四)';

function action(personId: string, serviceType: ServiceType, channel = 'in_person') {
  return { serviceType, channel, href: `/persons/${personId}?action=service&type=${serviceType}&channel=${channel}` };
}

interface PackRules {
  rules: ({ id: string; rule: ObligationRule } | undefined)[];
}

export class WorklistService {
  private readonly packRules = new Map<string, PackRules | null>();

  constructor(
    private readonly db: Database,
    private readonly registry: PackRegistry,
    private readonly clock: Clock,
  ) {}

  /** Obligation rules of a stored pack reference (`id@version`) in mask bit order; null when the pack is gone. */
  private rulesOf(packRef: string): PackRules | null {
    let r = this.packRules.get(packRef);
    if (r === undefined) {
      r = null;
      const id = packRef.slice(0, packRef.lastIndexOf('@'));
      try {
        const pack = this.registry.get(id);
        r = { rules: compiledRuleIds(pack).map((ruleId) => {
          const rule = pack.params.obligations[ruleId];
          return rule ? { id: ruleId, rule } : undefined;
        }) };
      } catch {
        r = null;
      }
      this.packRules.set(packRef, r);
    }
    return r;
  }

  private owed(row: ItemDbRow, asOf: string): OwedService[] {
    const pack = this.rulesOf(row.pack_ref);
    const out: OwedService[] = [];
    let n = 0;
    for (let bit = 0; row.rule_mask >> bit !== 0; bit++) {
      if (((row.rule_mask >> bit) & 1) === 0) continue;
      const r = pack?.rules[bit];
      if (!r) continue;
      const dueOn = row.rule_dues?.[n++] ?? null;
      const service = r.rule.service as ServiceType;
      out.push({
        rule: r.id,
        service,
        min: r.rule.min,
        dueOn,
        overdue: dueOn !== null && dueOn < asOf,
        textZh: `${r.rule.textZh}：至少 ${r.rule.min} 次${SERVICE_TYPE_ZH[service] ?? service}`,
        textEn: `${r.rule.min} × ${service} required`,
        source: `${r.rule.source.doc} ${r.rule.source.clause}`,
      });
    }
    return out.sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
  }

  private item(row: ItemDbRow, asOf: string, engine: StateEngine): WorkItem {
    const base = {
      kind: row.kind,
      personId: row.person_id,
      name: row.name,
      idNumberMasked: row.id_number_masked,
      jurisdictionCode: row.jurisdiction_code,
      dueOn: row.due_on,
      overdue: row.overdue,
      rule: row.rule,
      action: action(row.person_id, row.service_type as ServiceType, row.channel),
    };
    const due = row.due_on ?? '—';
    switch (row.kind) {
      case 'first_contact':
        return { ...base, textZh: `登记后 5 个工作日内首次联系（期限 ${due}）`, textEn: `first contact within 5 working days (due ${due})`, source: FIRST_CONTACT_SOURCE };
      case 'obligation': {
        const owed = this.owed(row, asOf);
        return {
          ...base,
          textZh: owed.map((o) => `${o.textZh}（${o.dueOn ? `期限 ${o.dueOn}` : '无期限'}）`).join('；'),
          textEn: owed.map((o) => `${o.textEn} (${o.dueOn ? `due ${o.dueOn}` : 'no deadline'})`).join('; '),
          source: [...new Set(owed.map((o) => o.source))].join('；') || null,
          obligations: owed,
        };
      }
      case 'follow_up':
        return { ...base, textZh: `定期跟踪回访（最迟 ${due}）`, textEn: `follow-up due by ${due}`, source: FOLLOW_UP_SOURCE };
      case 'stale_file':
        return {
          ...base,
          textZh: `长期失业人员档案信息需核实更新（上次核实 ${row.detail ?? '无'}）`,
          textEn: `long-term registrant: verify the file (last verified ${row.detail ?? 'never'})`,
          source: STALE_SOURCE,
        };
      case 'tier_change': {
        const tier = row.detail ?? '';
        const req = tier ? engine.requirements(row.jurisdiction_code, tier, 'level1') : [];
        return {
          ...base,
          textZh: `${due} 起转为${TIER_ZH[tier] ?? tier}${req.length ? `：${req.map((x) => x.textZh).join('；')}` : ''}`,
          textEn: `moved to ${tier} on ${due}`,
          source: req[0]?.source ?? 'NM24 二(一)',
        };
      }
    }
  }

  async worklist(ctx: RequestContext, q: { jurisdiction?: string | undefined; kind?: WorkKind | undefined; limit: number }) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const asOf = this.clock.today();
    const like = `${codePrefix(within)}%`;
    const onlyKind = q.kind ? sql`AND w.kind = ${q.kind}` : sql``;
    const [rows, pending] = await Promise.all([
      rowsOf<ItemDbRow>(
        this.db,
        sql`WITH it AS (
              SELECT w.person_id, w.kind, w.jurisdiction_code, w.due_on, (w.overdue_from IS NOT NULL AND w.overdue_from <= ${asOf}::date) AS overdue,
                     w.service_type, w.channel, w.rule, w.pack_ref, w.rule_mask, w.rule_dues, w.detail
              FROM worklist_items w
              WHERE w.jurisdiction_code LIKE ${like} AND w.visible_from <= ${asOf}::date AND (w.visible_until IS NULL OR w.visible_until >= ${asOf}::date) ${onlyKind}
            ), ranked AS (
              SELECT it.*, row_number() OVER (PARTITION BY it.kind ORDER BY it.due_on NULLS LAST, it.person_id) AS rn,
                     count(*) OVER (PARTITION BY it.kind) AS total, count(*) FILTER (WHERE it.overdue) OVER (PARTITION BY it.kind) AS overdue_total
              FROM it
            )
            SELECT r.person_id::text, r.kind, r.jurisdiction_code, r.due_on::text, r.overdue, r.service_type, r.channel, r.rule, r.pack_ref, r.rule_mask,
                   r.rule_dues::text[] AS rule_dues, r.detail, r.total::int, r.overdue_total::int, p.name, p.id_number_masked
            FROM ranked r JOIN persons p ON p.id = r.person_id
            WHERE r.rn <= ${q.limit}
            ORDER BY r.kind, r.rn`,
      ),
      !q.kind || q.kind === 'first_contact'
        ? rowsOf<PendingRegistration>(
            this.db,
            sql`SELECT r.person_id::text, p.name, p.id_number_masked, r.jurisdiction_code, r.first_contact_deadline::text
                FROM registrations r JOIN persons p ON p.id = r.person_id AND p.hidden_at IS NULL
                WHERE r.state = 'active' AND r.first_contact_on IS NULL AND r.first_contact_deadline IS NOT NULL AND r.jurisdiction_code LIKE ${like}
                  AND NOT EXISTS (SELECT 1 FROM person_service_state s WHERE s.person_id = r.person_id)
                  AND NOT EXISTS (SELECT 1 FROM service_records sr WHERE sr.person_id = r.person_id AND sr.served_on >= r.registered_on AND NOT sr.voided)`,
          )
        : Promise.resolve([] as PendingRegistration[]),
    ]);
    // Staleness only matters for computing states; describing rules needs the packs in force today.
    const engine = new StateEngine(this.registry, asOf, 0);
    const groups = new Map<WorkKind, { total: number; overdue: number; items: WorkItem[] }>();
    for (const kind of WORK_KINDS) if (!q.kind || q.kind === kind) groups.set(kind, { total: 0, overdue: 0, items: [] });
    for (const row of rows) {
      const g = groups.get(row.kind);
      if (!g) continue;
      g.total = Number(row.total);
      g.overdue = Number(row.overdue_total);
      g.items.push(this.item(row, asOf, engine));
    }
    const fc = groups.get('first_contact');
    if (fc && pending.length) {
      for (const r of pending) {
        const overdue = r.first_contact_deadline < asOf;
        fc.total++;
        if (overdue) fc.overdue++;
        fc.items.push(
          this.item(
            { person_id: r.person_id, kind: 'first_contact', jurisdiction_code: r.jurisdiction_code, due_on: r.first_contact_deadline, overdue, service_type: 'follow_up', channel: 'phone', rule: 'registration.first-contact', pack_ref: '', rule_mask: 0, rule_dues: null, detail: null, name: r.name, id_number_masked: r.id_number_masked, total: 0, overdue_total: 0 },
            asOf,
            engine,
          ),
        );
      }
      fc.items.sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.personId.localeCompare(b.personId));
      fc.items.length = Math.min(fc.items.length, q.limit);
    }
    const out = [...groups.entries()].map(([kind, g]) => ({ kind, ...g }));
    ctx.audit = { action: 'worklist.view', jurisdictionCode: within };
    return { jurisdiction: within, asOf, total: out.reduce((n, g) => n + g.total, 0), overdue: out.reduce((n, g) => n + g.overdue, 0), groups: out };
  }

  async reminders(ctx: RequestContext, jurisdiction: string | undefined) {
    const actor = requireActor(ctx);
    const within = scopeOf(ctx).narrow(jurisdiction);
    const rows = await remindersFor(this.db, actor.userId, within, 200);
    return { items: rows.map((r) => ({ id: r.id, personId: r.personId, kind: r.kind, dueOn: r.dueOn, textZh: r.textZh, textEn: r.textEn, createdAt: r.createdAt.toISOString() })) };
  }

  async markRead(ctx: RequestContext, personId: string, id: string) {
    const within = scopeOf(ctx).narrow(undefined);
    if (!(await markReminderRead(this.db, personId, id, within))) throw new AppError('NOT_FOUND', { field: 'params.id' });
    ctx.audit = { action: 'worklist.reminder.read', resourceType: 'service_reminder', resourceId: id, jurisdictionCode: within };
    return { id, read: true };
  }
}
