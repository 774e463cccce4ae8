/**
 * Policies (政策清单, R9.1): the catalogue in force for a jurisdiction (rules-package data, inherited down the tree),
 * a person's policies (qualifies / nearly, with the missing facts / not, with the failing condition), a policy's
 * candidates (免申即享 / 政策找人: qualify and have not received it this period) as a page or an xlsx export
 * (masked, audited), and the push to candidates (点对点推送, NM24 一(三); CQ25 一): an outbox message and a
 * `policy_briefing` service record per person, never twice for the same person and policy version.
 */
import { describeCondition, evaluatePolicy, periodKey, policyCitation, policyVerdict, type PolicyCatalogue, type PolicyEvaluation, type ResolvedPolicy } from '@bangfu/rules';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import { visibleOr404 } from '../../access/visible.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { MessagesService } from '../notifications/messages.service.ts';
import type { ServicesService } from '../services/services.service.ts';
import { policyFactsOf } from './facts.ts';
import { exportList, type ExportColumn, type ExportFile } from '../../http/list-export.ts';
import type { FactRow, PoliciesRepository } from './policies.repository.ts';
import type { TCandidate, TPolicy, TPolicyVerdict } from './policies.contract.ts';

const CHUNK = 2000;

const CANDIDATE_COLUMNS: readonly ExportColumn<Candidate>[] = [
  { header: { zh: '姓名', en: 'Name' }, value: (c) => c.row.name },
  { header: { zh: '证件号码（脱敏）', en: 'ID number (masked)' }, value: (c) => c.row.idNumberMasked, width: 22 },
  { header: { zh: '区划代码', en: 'Division' }, value: (c) => c.row.jurisdictionCode },
  { header: { zh: '依据', en: 'Why' }, value: (c) => c.evaluation.explanation.text, width: 80 },
];
const BULK = 1000;

export function amountText(p: ResolvedPolicy): string {
  const a = p.amount;
  const note = a.status === 'unconfirmed' ? '（未经核实）' : '';
  switch (a.kind) {
    case 'fixed':
      return `定额 ${a.yuan} 元${note}`;
    case 'per_month':
      return `每月 ${a.yuanPerMonth} 元，最长 ${a.maxMonths} 个月${note}`;
    case 'up_to':
      return `最高 ${a.max} 元${note}`;
    case 'set_by_office':
      return '由经办机构核定（文件未载明金额）';
  }
}

export function policyView(p: ResolvedPolicy, conditions: string): TPolicy {
  const a = p.amount;
  return {
    id: p.id,
    version: p.version,
    jurisdictionPrefix: p.jurisdictionPrefix,
    category: p.category,
    beneficiary: p.beneficiary,
    replaces: p.replaces ?? null,
    name: p.name,
    nameEn: p.nameEn,
    targetGroups: p.targetGroups,
    content: p.content,
    materials: p.materials,
    office: p.office,
    amount: {
      kind: a.kind,
      yuan: a.kind === 'fixed' ? a.yuan : null,
      yuanPerMonth: a.kind === 'per_month' ? a.yuanPerMonth : null,
      maxMonths: a.kind === 'per_month' ? a.maxMonths : null,
      max: a.kind === 'up_to' ? a.max : null,
      status: a.status,
      source: `${a.source.doc} ${a.source.clause}`,
      note: a.note ?? null,
      text: amountText(p),
    },
    period: p.period,
    publicNotice: p.publicNotice,
    effectiveFrom: p.effectiveFrom,
    effectiveTo: p.effectiveTo ?? null,
    source: policyCitation(p),
    conditions,
    note: p.note ?? null,
  };
}

interface Candidate {
  row: FactRow;
  evaluation: PolicyEvaluation;
}

export class PoliciesService {
  constructor(
    readonly repo: PoliciesRepository,
    readonly catalogue: PolicyCatalogue,
    private readonly clock: Clock,
    private readonly messages: MessagesService,
    private readonly services: ServicesService,
  ) {}

  today(): string {
    return this.clock.today();
  }

  view(p: ResolvedPolicy): TPolicy {
    return policyView(p, describeCondition(p.eligibility));
  }

  /** The policy in force for a division today, or POLICY_NOT_IN_FORCE naming the field. */
  inForceFor(policyId: string, code: string, on: string, field = 'params.policyId'): ResolvedPolicy {
    const p = this.catalogue.inForce(code, on).find((x) => x.id === policyId);
    if (!p) throw new AppError('POLICY_NOT_IN_FORCE', { field, params: { policyId, code, on } });
    return p;
  }

  list(ctx: RequestContext, q: { jurisdiction?: string | undefined; on?: string | undefined }): { jurisdiction: string; on: string; items: TPolicy[] } {
    const actor = requireActor(ctx);
    const code = q.jurisdiction ?? actor.jurisdictionCode;
    const on = q.on ?? this.today();
    // The catalogue is public information: any signed-in user may read any jurisdiction's.
    return { jurisdiction: code, on, items: this.catalogue.inForce(code, on).map((p) => this.view(p)) };
  }

  /** A person's policies in force today, grouped by verdict, with what they already received or were told. */
  async forPerson(ctx: RequestContext, personId: string): Promise<{ personId: string; on: string; qualifies: TPolicyVerdict[]; nearly: TPolicyVerdict[]; not: TPolicyVerdict[] }> {
    const scope = scopeOf(ctx);
    const row = visibleOr404(ctx, await this.repo.factRow(scope, personId), { action: 'policy.person', resourceType: 'person', resourceId: personId, field: 'params.id' });
    const on = this.today();
    const facts = policyFactsOf(row, on);
    const apps = await this.repo.applicationsOfPerson(row.id);
    const pushes = await this.repo.pushesOfPerson(row.id);
    const out = { personId: row.id, on, qualifies: [] as TPolicyVerdict[], nearly: [] as TPolicyVerdict[], not: [] as TPolicyVerdict[] };
    for (const p of this.catalogue.inForce(row.jurisdictionCode, on)) {
      const e = evaluatePolicy(p, facts);
      const period = periodKey(p, on);
      const got = apps.find((a) => a.policyId === p.id && a.periodKey === period && a.state !== 'rejected');
      const pushed = pushes.find((x) => x.policyId === p.id && x.policyVersion === p.version);
      out[e.verdict].push({
        policy: this.view(p),
        verdict: e.verdict,
        missingFacts: e.missingFacts,
        failed: e.failed,
        explanation: e.explanation,
        received: got ? { applicationNo: got.applicationNo, state: got.state, periodKey: got.periodKey } : null,
        pushedOn: pushed ? pushed.on : null,
      });
    }
    ctx.audit = { action: 'policy.person', resourceType: 'person', resourceId: row.id, jurisdictionCode: row.jurisdictionCode };
    return out;
  }

  /** Everyone in the subtree who qualifies for the policy in force at their own division and has not received it. */
  private async *candidatesOf(policyId: string, within: string, on: string): AsyncGenerator<Candidate[]> {
    const byCode = new Map<string, ResolvedPolicy | null>();
    const policyAt = (code: string): ResolvedPolicy | null => {
      if (!byCode.has(code)) byCode.set(code, this.catalogue.inForce(code, on).find((x) => x.id === policyId) ?? null);
      return byCode.get(code)!;
    };
    let after: string | null = null;
    for (;;) {
      const rows = await this.repo.factRowsIn(within, after, CHUNK);
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.id;
      const qualified: Candidate[] = [];
      for (const row of rows) {
        const p = policyAt(row.jurisdictionCode);
        if (!p) continue;
        const facts = policyFactsOf(row, on);
        if (policyVerdict(p, facts) === 'qualifies') qualified.push({ row, evaluation: evaluatePolicy(p, facts) });
      }
      if (qualified.length) {
        const p = policyAt(qualified[0]!.row.jurisdictionCode)!;
        const received = await this.repo.receivedOf(policyId, periodKey(p, on), qualified.map((c) => c.row.id));
        const fresh = qualified.filter((c) => !received.has(c.row.id));
        if (fresh.length) yield fresh;
      }
      if (rows.length < CHUNK) return;
    }
  }

  private async allCandidates(policyId: string, within: string, on: string): Promise<Candidate[]> {
    const all: Candidate[] = [];
    for await (const chunk of this.candidatesOf(policyId, within, on)) all.push(...chunk);
    return all;
  }

  private policyFor(ctx: RequestContext, policyId: string, within: string, on: string): ResolvedPolicy {
    requireActor(ctx);
    return this.inForceFor(policyId, within, on);
  }

  async candidates(ctx: RequestContext, policyId: string, q: { jurisdiction?: string | undefined; page: number; pageSize: number }) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const on = this.today();
    const policy = this.policyFor(ctx, policyId, within, on);
    const all = await this.allCandidates(policyId, within, on);
    const page = all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    const pushed = await this.repo.pushedOf(policyId, policy.version, page.map((c) => c.row.id));
    const items: TCandidate[] = page.map((c) => ({
      personId: c.row.id,
      name: c.row.name,
      idNumberMasked: c.row.idNumberMasked,
      jurisdictionCode: c.row.jurisdictionCode,
      explanation: c.evaluation.explanation,
      pushed: pushed.has(c.row.id),
    }));
    return { policy: this.view(policy), jurisdiction: within, total: all.length, page: q.page, pageSize: q.pageSize, items };
  }

  /** The candidate list as xlsx through the one list export (ID numbers masked as listed; capped; audited). */
  async candidatesExport(ctx: RequestContext, policyId: string, jurisdiction: string | undefined, maxRows: number): Promise<ExportFile> {
    const scope = scopeOf(ctx);
    const within = scope.narrow(jurisdiction);
    const on = this.today();
    const policy = this.policyFor(ctx, policyId, within, on);
    const all = await this.allCandidates(policyId, within, on);
    return exportList(
      ctx,
      {
        name: 'policy-candidates',
        columns: CANDIDATE_COLUMNS,
        jurisdictionCode: within,
        filter: { policy: `${policy.id}@${policy.version}`, jurisdiction: within },
        page: async (page, size) => ({ items: all.slice((page - 1) * size, page * size) }),
      },
      maxRows,
    );
  }

  /**
   * Pushes the policy to its candidates (all, or the given ones among them). The `policy_briefing` records are made
   * first through the services slice's bulk API with a per-person idempotency key (a re-run replays them); then, in
   * one transaction, a push row per person (unique per person and version: a re-run inserts nothing) and its outbox
   * message. A killed push re-run completes what was missing and sends nothing twice.
   */
  async push(ctx: RequestContext, policyId: string, body: { jurisdiction?: string | undefined; channel: 'in_app' | 'sms'; personIds?: string[] | undefined }) {
    const actor = requireActor(ctx);
    const scope = scopeOf(ctx);
    const within = scope.narrow(body.jurisdiction);
    const on = this.today();
    const policy = this.policyFor(ctx, policyId, within, on);
    let candidates = await this.allCandidates(policyId, within, on);
    if (body.personIds) {
      const wanted = new Set(body.personIds);
      candidates = candidates.filter((c) => wanted.has(c.row.id));
    }
    const already = await this.repo.pushedOf(policyId, policy.version, candidates.map((c) => c.row.id));
    const todo = candidates.filter((c) => !already.has(c.row.id));
    const registered = todo.filter((c) => c.row.registration !== null && c.row.registration.registeredOn <= on);
    const serviceOf = new Map<string, string>();
    const content = `政策宣介（点对点推送）：${policy.name}（${policyCitation(policy)}，${policy.id}@${policy.version}）`;
    for (let i = 0; i < registered.length; i += BULK) {
      const chunk = registered.slice(i, i + BULK);
      const r = await this.services.bulk(ctx, {
        type: 'policy_briefing',
        channel: body.channel === 'sms' ? 'sms' : 'online',
        servedOn: on,
        content,
        personIds: chunk.map((c) => c.row.id),
        idempotencyKey: `policy-push:${policy.id}@${policy.version}`,
      });
      for (const rec of r.records) serviceOf.set(rec.personId, rec.id);
    }
    const pushed = await this.repo.transaction(async (tx) => {
      const rows = await tx.insertPushes(
        todo.map((c) => ({ personId: c.row.id, policyId: policy.id, policyVersion: policy.version, jurisdictionCode: c.row.jurisdictionCode, serviceRecordId: serviceOf.get(c.row.id) ?? null, pushedBy: actor.userId, pushedOn: on })),
      );
      const nameOf = new Map(todo.map((c) => [c.row.id, c.row.name]));
      const subject = `policy:${policy.id}@${policy.version}`;
      const sent = await this.messages.enqueue(
        rows.map((r) => ({
          personId: r.personId,
          channel: body.channel,
          templateId: 'policy.pushed',
          subject,
          // One message per person and policy version, even if a push is re-run after a crash.
          dedupeKey: subject,
          payload: { name: nameOf.get(r.personId) ?? '', policyId: policy.id, policyVersion: policy.version, policyName: policy.name, policyNameEn: policy.nameEn, source: policyCitation(policy), content: policy.content, office: policy.office },
        })),
        tx.db,
      );
      const messageOf = new Map(sent.map((n) => [n.personId, n.id]));
      await tx.setPushNotifications(rows.flatMap((r) => {
        const notificationId = messageOf.get(r.personId);
        return notificationId ? [{ personId: r.personId, id: r.id, notificationId }] : [];
      }));
      return rows.length;
    });
    ctx.audit = {
      action: 'policy.push',
      resourceType: 'policy',
      resourceId: `${policy.id}@${policy.version}`,
      jurisdictionCode: within,
      detail: { candidates: candidates.length, pushed, alreadyPushed: candidates.length - todo.length, channel: body.channel },
    };
    return {
      policyId: policy.id,
      version: policy.version,
      candidates: candidates.length,
      pushed,
      alreadyPushed: candidates.length - todo.length,
      servicesRecorded: serviceOf.size,
      notCounted: todo.length - registered.length,
    };
  }
}
