/**
 * The caseworker's worklist ("服务找人"): everything due or overdue in their jurisdiction, grouped by kind and
 * ordered overdue first, then by deadline. Items are materialised (`worklist_items`, written with the service state
 * by the per-person recomputation and the nightly job), so a request is one indexed range read of the jurisdiction
 * prefix with per-kind counts and the first `limit` items of each kind; texts are composed for the returned page
 * only. Each item carries a pre-filled action. Registrations without a state row yet (bulk imports before the next
 * night) still show their first-contact deadline, read from the registration rows.
 */
import { compiledRuleIds, type PackRegistry, type ServiceType } from '@bangfu/rules';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import type { Clock } from '../../jobs/clock.ts';
import { Staleness, StateEngine } from '../services/service-state.ts';
import { SERVICE_TYPE_ZH } from '../services/services.service.ts';
import { WORK_KINDS, type WorkKind } from './items.ts';
import { WorklistRepository, type ItemDbRow, type RecordItemRow } from './worklist.repository.ts';
import type { OwedService, TReminderRead, TReminders, TWorklist, WorkItem } from './worklist.contract.ts';

export { WORK_KINDS, type WorkKind } from './items.ts';

export type { OwedService, WorkItem } from './worklist.contract.ts';

const TIER_ZH: Record<string, string> = { short: '短期失业', medium: '中短期失业', long: '长期失业' };
const FIRST_CONTACT_SOURCE = '人社厅发〔2020〕79号 办理时限';
const FOLLOW_UP_SOURCE = 'NM24 四; XC23 三(三); NM22 三(七)';
const STALE_SOURCE = 'NM24 三; XC23 三(四)';
const SELF_REPORT_SOURCE = 'XC23 三(三)（登记失业人员主动报告就业状态）';
const EMPLOYMENT_TYPE_ZH: Record<string, string> = { stable: '稳定就业', flexible: '灵活就业', self_employed: '自主创业' };

function action(personId: string, serviceType: ServiceType, channel = 'in_person') {
  return { serviceType, channel, href: `/persons/${personId}?action=service&type=${serviceType}&channel=${channel}` };
}

/** An obligation rule with its texts, prepared once per pack. */
interface PreparedRule {
  id: string;
  service: ServiceType;
  min: number;
  textZh: string;
  textEn: string;
  source: string;
}

/** The texts of an obligation item, shared by every item with the same pack, rules and deadlines. */
interface OwedTexts {
  textZh: string;
  textEn: string;
  source: string | null;
}

const TEXT_CACHE_LIMIT = 20_000;

export class WorklistService {
  private readonly packRules = new Map<string, (PreparedRule | undefined)[] | null>();
  private readonly owedTexts = new Map<string, OwedTexts>();

  private readonly repo: WorklistRepository;

  constructor(
    db: Database,
    private readonly registry: PackRegistry,
    private readonly clock: Clock,
  ) {
    this.repo = new WorklistRepository(db);
  }

  /** Obligation rules of a stored pack reference (`id@version`) in mask bit order; null when the pack is gone. */
  private rulesOf(packRef: string): (PreparedRule | undefined)[] | null {
    let r = this.packRules.get(packRef);
    if (r === undefined) {
      r = null;
      const id = packRef.slice(0, packRef.lastIndexOf('@'));
      try {
        const pack = this.registry.get(id);
        r = compiledRuleIds(pack).map((ruleId) => {
          const rule = pack.params.obligations[ruleId];
          if (!rule) return undefined;
          const service = rule.service as ServiceType;
          return {
            id: ruleId,
            service,
            min: rule.min,
            textZh: `${rule.textZh}：至少 ${rule.min} 次${SERVICE_TYPE_ZH[service] ?? service}`,
            textEn: `${rule.min} × ${service} required`,
            source: `${rule.source.doc} ${rule.source.clause}`,
          };
        });
      } catch {
        r = null;
      }
      this.packRules.set(packRef, r);
    }
    return r;
  }

  private owed(row: ItemDbRow, asOf: string): OwedService[] {
    const rules = this.rulesOf(row.pack_ref);
    const out: OwedService[] = [];
    let n = 0;
    for (let bit = 0; row.rule_mask >> bit !== 0; bit++) {
      if (((row.rule_mask >> bit) & 1) === 0) continue;
      const r = rules?.[bit];
      if (!r) continue;
      const dueOn = row.rule_dues?.[n++] ?? null;
      out.push({ rule: r.id, service: r.service, min: r.min, dueOn, overdue: dueOn !== null && dueOn < asOf, textZh: r.textZh, textEn: r.textEn, source: r.source });
    }
    return out.sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
  }

  private owedTextsOf(row: ItemDbRow, owed: readonly OwedService[]): OwedTexts {
    const key = `${row.pack_ref}|${row.rule_mask}|${row.rule_dues?.join(',') ?? ''}`;
    let t = this.owedTexts.get(key);
    if (!t) {
      t = {
        textZh: owed.map((o) => `${o.textZh}（${o.dueOn ? `期限 ${o.dueOn}` : '无期限'}）`).join('；'),
        textEn: owed.map((o) => `${o.textEn} (${o.dueOn ? `due ${o.dueOn}` : 'no deadline'})`).join('; '),
        source: [...new Set(owed.map((o) => o.source))].join('；') || null,
      };
      if (this.owedTexts.size >= TEXT_CACHE_LIMIT) this.owedTexts.clear();
      this.owedTexts.set(key, t);
    }
    return t;
  }

  private item(row: ItemDbRow, asOf: string, engine: StateEngine): WorkItem {
    const due = row.due_on ?? '—';
    let textZh: string;
    let textEn: string;
    let source: string | null;
    let obligations: OwedService[] | undefined;
    switch (row.kind) {
      case 'first_contact':
        textZh = `登记后 5 个工作日内首次联系（期限 ${due}）`;
        textEn = `first contact within 5 working days (due ${due})`;
        source = FIRST_CONTACT_SOURCE;
        break;
      case 'obligation': {
        obligations = this.owed(row, asOf);
        ({ textZh, textEn, source } = this.owedTextsOf(row, obligations));
        break;
      }
      case 'follow_up':
        textZh = `定期跟踪回访（最迟 ${due}）`;
        textEn = `follow-up due by ${due}`;
        source = FOLLOW_UP_SOURCE;
        break;
      case 'stale_file':
        textZh = `长期失业人员档案信息需核实更新（上次核实 ${row.detail ?? '无'}）`;
        textEn = `long-term registrant: verify the file (last verified ${row.detail ?? 'never'})`;
        source = STALE_SOURCE;
        break;
      case 'tier_change': {
        const tier = row.detail ?? '';
        const req = tier ? engine.requirements(row.jurisdiction_code, tier, 'level1') : [];
        textZh = `${due} 起转为${TIER_ZH[tier] ?? tier}${req.length ? `：${req.map((x) => x.textZh).join('；')}` : ''}`;
        textEn = `moved to ${tier} on ${due}`;
        source = req[0]?.source ?? 'NM24 二(一)';
        break;
      }
    }
    const item: WorkItem = {
      kind: row.kind,
      personId: row.person_id,
      name: row.name,
      idNumberMasked: row.id_number_masked,
      jurisdictionCode: row.jurisdiction_code,
      dueOn: row.due_on,
      overdue: row.overdue,
      textZh,
      textEn,
      rule: row.rule,
      source,
      action: action(row.person_id, row.service_type as ServiceType, row.channel),
    };
    if (obligations) item.obligations = obligations;
    return item;
  }

  /** A `reunemployed` or `verify_employment` item, read from its own row. */
  private recordItem(r: RecordItemRow): WorkItem {
    const job = r.employer_name && r.started_on ? { employerName: r.employer_name, startedOn: r.started_on, type: r.employment_type ?? '' } : undefined;
    const base = { personId: r.person_id, name: r.name, idNumberMasked: r.id_number_masked, jurisdictionCode: r.jurisdiction_code, dueOn: r.due_on, overdue: r.overdue, ref: r.ref };
    const jobZh = job ? `${job.employerName}，${job.startedOn} 起${EMPLOYMENT_TYPE_ZH[job.type] ?? job.type}` : '';
    const jobEn = job ? `${job.employerName}, ${job.type} from ${job.startedOn}` : '';
    switch (r.kind) {
      case 'reunemployed':
        return {
          ...base,
          kind: r.kind,
          priority: true,
          textZh: `再次失业人员，重点帮扶${job ? `（上次就业：${jobZh}）` : ''}`,
          textEn: `re-unemployed: priority help${job ? ` (last employment: ${jobEn})` : ''}`,
          rule: 'followup.reunemployed',
          source: r.source,
          action: action(r.person_id, 'career_guidance'),
          ...(job ? { employment: job } : {}),
        };
      case 'verify_employment':
        return {
          ...base,
          kind: r.kind,
          textZh: `本人网上报告已就业，待核实：${jobZh}`,
          textEn: `self-reported employment to verify: ${jobEn}`,
          rule: 'followup.self-report',
          source: SELF_REPORT_SOURCE,
          action: { serviceType: 'follow_up', channel: 'phone', href: `/persons/${r.person_id}` },
          ...(job ? { employment: job } : {}),
        };
    }
  }

  async worklist(ctx: RequestContext, q: { jurisdiction?: string | undefined; kind?: WorkKind | undefined; limit: number; offset?: number | undefined }): Promise<TWorklist> {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const asOf = this.clock.today();
    const offset = q.offset ?? 0;
    const kinds = q.kind ? [q.kind] : [...WORK_KINDS];
    const { counts, rows, records, pending } = await this.repo.read({ within, asOf, kinds, kind: q.kind, limit: q.limit, offset, withPending: (!q.kind || q.kind === 'first_contact') && offset === 0 });
    // Staleness only matters for computing states; describing rules needs the packs in force today.
    const engine = new StateEngine(this.registry, asOf, Staleness.uniform(0));
    const groups = new Map<WorkKind, { total: number; overdue: number; items: WorkItem[] }>();
    for (const kind of kinds) groups.set(kind, { total: 0, overdue: 0, items: [] });
    for (const c of counts) {
      const g = groups.get(c.kind);
      if (g) Object.assign(g, { total: Number(c.total), overdue: Number(c.overdue) });
    }
    for (const row of rows) groups.get(row.kind)?.items.push(this.item(row, asOf, engine));
    for (const r of records) groups.get(r.kind)?.items.push(this.recordItem(r));
    const fc = groups.get('first_contact');
    if (fc && pending.length) {
      for (const r of pending) {
        const overdue = r.first_contact_deadline < asOf;
        fc.total++;
        if (overdue) fc.overdue++;
        fc.items.push(
          this.item(
            { person_id: r.person_id, kind: 'first_contact', jurisdiction_code: r.jurisdiction_code, due_on: r.first_contact_deadline, overdue, service_type: 'follow_up', channel: 'phone', rule: 'registration.first-contact', pack_ref: '', rule_mask: 0, rule_dues: null, detail: null, name: r.name, id_number_masked: r.id_number_masked },
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

  async reminders(ctx: RequestContext, jurisdiction: string | undefined): Promise<TReminders> {
    const actor = requireActor(ctx);
    const within = scopeOf(ctx).narrow(jurisdiction);
    const rows = await this.repo.reminders(actor.userId, within, 200);
    return { items: rows.map((r) => ({ id: r.id, personId: r.personId, kind: r.kind, dueOn: r.dueOn, textZh: r.textZh, textEn: r.textEn, createdAt: r.createdAt.toISOString() })) };
  }

  async markRead(ctx: RequestContext, personId: string, id: string): Promise<TReminderRead> {
    const within = scopeOf(ctx).narrow(undefined);
    if (!(await this.repo.markReminderRead(personId, id, within))) throw new AppError('NOT_FOUND', { field: 'params.id' });
    ctx.audit = { action: 'worklist.reminder.read', resourceType: 'service_reminder', resourceId: id, jurisdictionCode: within };
    return { id, read: true };
  }
}
