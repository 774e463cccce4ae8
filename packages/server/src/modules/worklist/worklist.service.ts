/**
 * The caseworker's worklist ("服务找人"): everything due or overdue in their jurisdiction, from the precomputed
 * service state (one indexed prefix scan), grouped by kind and ordered overdue first, then by deadline. Each item
 * carries a pre-filled action (the service type to record). New registrations not yet in the state table still
 * show their first-contact deadline, read from the registration rows.
 */
import { sql } from 'drizzle-orm';
import type { PackRegistry, ServiceType } from '@bangfu/rules';
import { codePrefix } from '../../access/scope.ts';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import type { Clock } from '../../jobs/clock.ts';
import { rowsOf, staleAfterDays } from '../services/service-state.repository.ts';
import { StateEngine } from '../services/service-state.ts';
import { SERVICE_TYPE_ZH } from '../services/services.service.ts';
import { FOLLOW_UP_OPENS, markReminderRead, remindersFor } from './reminders.repository.ts';

export const WORK_KINDS = ['first_contact', 'obligation', 'follow_up', 'stale_file', 'tier_change'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

/** A tier change stays on the worklist this long, until a service is recorded after it. */
const TIER_CHANGE_DAYS = 30;

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
}

interface Row extends Record<string, unknown> {
  person_id: string;
  name: string;
  id_number_masked: string;
  jurisdiction_code: string;
  registered_on: string;
  tier: string | null;
  tier_since: string | null;
  tier_next_change: string | null;
  unmet_mask: number | null;
  overdue_mask: number | null;
  follow_up_due: string | null;
  follow_up_overdue: boolean | null;
  follow_up_open: boolean | null;
  first_contact_deadline: string | null;
  first_contact_on: string | null;
  stale: boolean | null;
  file_verified_on: string | null;
  last_service_on: string | null;
  has_state: boolean;
}

const COLLATOR = new Intl.Collator('zh-CN');
const TIER_ZH: Record<string, string> = { short: '短期失业', medium: '中短期失业', long: '长期失业' };

function action(personId: string, serviceType: ServiceType, channel = 'in_person') {
  return { serviceType, channel, href: `/persons/${personId}?action=service&type=${serviceType}&channel=${channel}` };
}

export class WorklistService {
  constructor(
    private readonly db: Database,
    private readonly registry: PackRegistry,
    private readonly clock: Clock,
  ) {}

  private async rows(within: string, asOf: string): Promise<Row[]> {
    const prefix = codePrefix(within);
    const like = `${prefix}%`;
    return rowsOf<Row>(
      this.db,
      sql`SELECT s.person_id::text, p.name, p.id_number_masked, s.jurisdiction_code, s.registered_on::text, s.tier, s.tier_since::text, s.tier_next_change::text,
                 s.unmet_mask, s.overdue_mask, s.follow_up_due::text, s.follow_up_overdue, (${FOLLOW_UP_OPENS} <= ${asOf}::date) AS follow_up_open,
                 s.first_contact_deadline::text, s.first_contact_on::text, s.stale, s.file_verified_on::text, s.last_service_on::text, true AS has_state
          FROM person_service_state s JOIN persons p ON p.id = s.person_id
          WHERE s.jurisdiction_code LIKE ${like}
            AND (s.unmet_mask <> 0 OR s.stale OR (s.first_contact_on IS NULL AND s.first_contact_deadline IS NOT NULL)
                 OR (s.follow_up_due IS NOT NULL AND ${FOLLOW_UP_OPENS} <= ${asOf}::date)
                 OR (s.tier_since > s.registered_on AND s.tier_since >= (${asOf}::date - ${TIER_CHANGE_DAYS}::int) AND (s.last_service_on IS NULL OR s.last_service_on < s.tier_since)))
          UNION ALL
          SELECT r.person_id::text, p.name, p.id_number_masked, r.jurisdiction_code, r.registered_on::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                 r.first_contact_deadline::text, NULL, NULL, NULL, NULL, false
          FROM registrations r JOIN persons p ON p.id = r.person_id AND p.hidden_at IS NULL
          WHERE r.state = 'active' AND r.first_contact_on IS NULL AND r.first_contact_deadline IS NOT NULL AND r.jurisdiction_code LIKE ${like}
            AND NOT EXISTS (SELECT 1 FROM person_service_state s WHERE s.person_id = r.person_id)
            AND NOT EXISTS (SELECT 1 FROM service_records sr WHERE sr.person_id = r.person_id AND sr.served_on >= r.registered_on AND NOT sr.voided)`,
    );
  }

  async worklist(ctx: RequestContext, q: { jurisdiction?: string | undefined; kind?: WorkKind | undefined; limit: number }) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const asOf = this.clock.today();
    const engine = new StateEngine(this.registry, asOf, await staleAfterDays(this.db));
    const items: WorkItem[] = [];
    const add = (kind: WorkKind, r: Row, dueOn: string | null, overdue: boolean, textZh: string, textEn: string, serviceType: ServiceType, rule: string | null = null, source: string | null = null, channel = 'in_person') => {
      if (q.kind && q.kind !== kind) return;
      items.push({ kind, personId: r.person_id, name: r.name, idNumberMasked: r.id_number_masked, jurisdictionCode: r.jurisdiction_code, dueOn, overdue, textZh, textEn, rule, source, action: action(r.person_id, serviceType, channel) });
    };
    for (const r of await this.rows(within, asOf)) {
      if (r.first_contact_on === null && r.first_contact_deadline !== null) {
        add('first_contact', r, r.first_contact_deadline, r.first_contact_deadline < asOf, `登记后 5 个工作日内首次联系（期限 ${r.first_contact_deadline}）`, `first contact within 5 working days (due ${r.first_contact_deadline})`, 'follow_up', 'registration.first-contact', '人社厅发〔2020〕79号 办理时限', 'phone');
      }
      if (!r.has_state) continue;
      if (r.unmet_mask) {
        for (const o of engine.describe({ jurisdictionCode: r.jurisdiction_code, registeredOn: r.registered_on, tierNextChange: r.tier_next_change }, r.unmet_mask)) {
          const overdue = o.dueBy !== null && o.dueBy < asOf;
          add('obligation', r, o.dueBy, overdue, `${o.textZh}：至少 ${o.min} 次${SERVICE_TYPE_ZH[o.service as ServiceType] ?? o.service}`, `${o.min} × ${o.service} required`, o.service as ServiceType, o.rule, o.source);
        }
      }
      if (r.follow_up_due && r.follow_up_open) {
        add('follow_up', r, r.follow_up_due, r.follow_up_overdue === true, `定期跟踪回访（最迟 ${r.follow_up_due}）`, `follow-up due by ${r.follow_up_due}`, 'follow_up', 'followup.rhythm', 'NM24 四; XC23 三(三); NM22 三(七)', 'phone');
      }
      if (r.stale) {
        add('stale_file', r, r.file_verified_on ?? r.registered_on, true, `长期失业人员档案信息需核实更新（上次核实 ${r.file_verified_on ?? '无'}）`, `long-term registrant: verify the file (last verified ${r.file_verified_on ?? 'never'})`, 'follow_up', 'stale-file', 'NM24 三; XC23 三(四)', 'home_visit');
      }
      if (r.tier && r.tier_since && r.tier_since > r.registered_on && r.tier_since >= minusDays(asOf, TIER_CHANGE_DAYS) && (r.last_service_on === null || r.last_service_on < r.tier_since)) {
        const req = engine.requirements(r.jurisdiction_code, r.tier, 'level1');
        add(
          'tier_change',
          r,
          r.tier_since,
          false,
          `${r.tier_since} 起转为${TIER_ZH[r.tier] ?? r.tier}${req.length ? `：${req.map((x) => x.textZh).join('；')}` : ''}`,
          `moved to ${r.tier} on ${r.tier_since}`,
          (req[0]?.service as ServiceType | undefined) ?? 'career_guidance',
          'tier.by-duration',
          req[0]?.source ?? 'NM24 二(一)',
        );
      }
    }
    items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || COLLATOR.compare(a.name, b.name));
    const groups = WORK_KINDS.filter((k) => !q.kind || q.kind === k).map((kind) => {
      const all = items.filter((i) => i.kind === kind);
      return { kind, total: all.length, overdue: all.filter((i) => i.overdue).length, items: all.slice(0, q.limit) };
    });
    ctx.audit = { action: 'worklist.view', jurisdictionCode: within };
    return { jurisdiction: within, asOf, total: items.length, overdue: items.filter((i) => i.overdue).length, groups };
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

function minusDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}
