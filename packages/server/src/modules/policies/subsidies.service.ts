/**
 * Subsidies (资金使用规范, CQ25 八; XC23 四(四)(五); CQ25 六): applications by the person (citizen portal), for an
 * employer, or by an operator from the 免申即享 candidate list; maker–checker review (the maker proposes the decision
 * and the amount computed from the policy's rule, a different user confirms); one live application per beneficiary,
 * policy and period (a duplicate is refused naming the earlier one); payment batches taken once, exported as a bank
 * file (a re-run with the same key gives the same batch and bytes), marked paid, never exported again; the ledger.
 */
import { computeAmount, evaluatePolicy, periodKey, policyCitation, type ResolvedPolicy } from '@bangfu/rules';
import type { Clock } from '../../jobs/clock.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import { visibleOr404 } from '../../access/visible.ts';
import { isUniqueViolation } from '../../db/executor.ts';
import { policyFactsOf } from './facts.ts';
import { bankFileCsv, type BankLine } from './files.ts';
import type { ApplicationRow, BatchRow, PoliciesRepository } from './policies.repository.ts';
import type { PoliciesService } from './policies.service.ts';
import type { TApplication, TApplyBody, TBatch } from './policies.contract.ts';

type Explanation = TApplication['eligibility'];
const STATE_ZH: Record<string, string> = { submitted: '已提交', reviewed: '已初审', approved: '已核准', rejected: '未核准', paid: '已发放' };

function stateError(row: ApplicationRow, actionZh: string, actionEn: string): AppError {
  return new AppError('SUBSIDY_STATE_INVALID', { field: 'params.id', params: { applicationNo: row.applicationNo, state: STATE_ZH[row.state] ?? row.state, actionZh, actionEn } });
}

function invalid(field: string, zh: string, en: string): AppError {
  return new AppError('VALIDATION_FAILED', { field, issues: [{ field, messageZh: zh, messageEn: en }], params: { detail: `${field}: ${en}` } });
}

export class SubsidiesService {
  constructor(
    private readonly repo: PoliciesRepository,
    private readonly policies: PoliciesService,
    private readonly clock: Clock,
  ) {}

  private policyOf(row: Pick<ApplicationRow, 'policyId' | 'policyVersion'>): ResolvedPolicy {
    const p = this.policies.catalogue.version(row.policyId, row.policyVersion);
    if (!p) throw new AppError('POLICY_NOT_IN_FORCE', { field: 'policyId', params: { policyId: row.policyId, code: '', on: row.policyVersion } });
    return p;
  }

  private async views(rows: readonly ApplicationRow[]): Promise<TApplication[]> {
    const names = await this.repo.personNames(rows.map((r) => r.personId));
    return rows.map((r) => {
      const p = this.policyOf(r);
      const ev = r.evaluation as { verdict: TApplication['verdict']; missingFacts: string[]; explanation: Explanation };
      const proposal = r.proposal as TApplication['proposal'];
      return {
        id: r.id,
        applicationNo: r.applicationNo,
        personId: r.personId,
        personName: names.get(r.personId)?.name ?? '',
        policyId: r.policyId,
        policyVersion: r.policyVersion,
        policyName: p.name,
        source: policyCitation(p),
        jurisdictionCode: r.jurisdictionCode,
        beneficiary: r.beneficiary,
        employer: r.employerCode ? { code: r.employerCode, name: r.employerName ?? '' } : null,
        periodKey: r.periodKey,
        channel: r.channel,
        state: r.state as TApplication['state'],
        claim: r.claim as TApplication['claim'],
        verdict: ev.verdict,
        missingFacts: ev.missingFacts,
        eligibility: ev.explanation,
        amountYuan: r.amountFen === null ? null : r.amountFen / 100,
        amountExplanation: (r.amountExplanation as Explanation | null) ?? null,
        proposal: proposal ?? null,
        decidedBy: r.decidedBy,
        rejectionReason: r.rejectionReason,
        batchId: r.batchId,
        paidOn: r.paidOn,
        submittedOn: r.submittedOn,
      };
    });
  }

  private async one(row: ApplicationRow): Promise<TApplication> {
    return (await this.views([row]))[0]!;
  }

  /** A new application. Refusals (policy not in force, not eligible, amount outside the rule, duplicate) write nothing. */
  async apply(ctx: RequestContext, body: TApplyBody): Promise<TApplication> {
    const actor = requireActor(ctx);
    const scope = scopeOf(ctx);
    const personId = scope.isCitizen ? actor.personId : body.personId;
    if (!personId) throw invalid('body.personId', '须指明申请人', 'the applicant (personId) is required');
    const row = visibleOr404(ctx, await this.repo.factRow(scope, personId), { action: 'subsidy.apply', resourceType: 'person', resourceId: personId, field: 'body.personId' });
    const on = this.policies.today();
    const policy = this.policies.inForceFor(body.policyId, row.jurisdictionCode, on, 'body.policyId');
    const channel = scope.isCitizen ? 'citizen' : (body.channel ?? 'caseworker');
    if (scope.isCitizen && policy.beneficiary === 'employer') throw invalid('body.policyId', `“${policy.name}”由用人单位申请（${policyCitation(policy)}）`, `"${policy.nameEn}" is claimed by the employer (${policyCitation(policy)})`);
    if (policy.beneficiary === 'employer' && !body.employer) throw invalid('body.employer', `“${policy.name}”须填写用人单位（${policyCitation(policy)}）`, `"${policy.nameEn}" needs the employer (${policyCitation(policy)})`);
    const evaluation = evaluatePolicy(policy, policyFactsOf(row, on));
    if (evaluation.verdict === 'not') {
      throw new AppError('POLICY_NOT_ELIGIBLE', { field: 'body.policyId', params: { policyName: policy.name, clause: policyCitation(policy), detailZh: evaluation.failed.join('；'), detailEn: evaluation.failed.join('; ') } });
    }
    // A claim outside the policy's rule is refused with the field and clause (RuleInputError → 422).
    if (body.claim.months !== undefined || body.claim.yuan !== undefined) computeAmount(policy, body.claim, 'body.claim.');
    const period = this.periodOf(policy, body.period, on);
    const beneficiaryKey = policy.beneficiary === 'employer' ? `employer:${body.employer!.code}:${row.id}` : row.id;
    const earlier = await this.repo.liveDuplicate(beneficiaryKey, policy.id, period);
    if (earlier) throw this.duplicate(earlier, policy, period);
    let created: ApplicationRow;
    try {
      created = await this.repo.insertApplication({
        personId: row.id,
        applicationNo: `BT${on.replaceAll('-', '')}-${row.id.slice(0, 8)}-${crypto.randomUUID().slice(0, 6)}`,
        policyId: policy.id,
        policyVersion: policy.version,
        jurisdictionCode: row.jurisdictionCode,
        beneficiary: policy.beneficiary,
        employerCode: body.employer?.code ?? null,
        employerName: body.employer?.name ?? null,
        beneficiaryKey,
        periodKey: period,
        channel,
        state: 'submitted',
        claim: body.claim,
        evaluation: { verdict: evaluation.verdict, missingFacts: evaluation.missingFacts, failed: evaluation.failed, explanation: evaluation.explanation },
        attachmentIds: body.attachmentIds,
        submittedOn: on,
        createdBy: actor.userId,
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        const first = await this.repo.liveDuplicate(beneficiaryKey, policy.id, period);
        if (first) throw this.duplicate(first, policy, period);
      }
      throw e;
    }
    ctx.audit = { action: 'subsidy.apply', resourceType: 'subsidy_application', resourceId: created.id, jurisdictionCode: created.jurisdictionCode, detail: { policy: `${policy.id}@${policy.version}`, period, channel, verdict: evaluation.verdict } };
    return this.one(created);
  }

  /** The period claimed: `once`, or `YYYY` / `YYYY-MM` as the policy counts (default: today's). */
  private periodOf(policy: ResolvedPolicy, given: string | undefined, on: string): string {
    const today = periodKey(policy, on);
    if (given === undefined || policy.period === 'once') return today;
    const shape = policy.period === 'yearly' ? /^\d{4}$/ : /^\d{4}-(0[1-9]|1[0-2])$/;
    if (!shape.test(given) || given > today) {
      throw invalid('body.period', `该政策按${policy.period === 'yearly' ? '年' : '月'}计期，期间写作 ${today} 的格式且不晚于本期（${policyCitation(policy)}）`, `this policy is paid ${policy.period}: write the period like ${today}, not later than the current one (${policyCitation(policy)})`);
    }
    return given;
  }

  private duplicate(earlier: ApplicationRow, policy: ResolvedPolicy, period: string): AppError {
    return new AppError('SUBSIDY_DUPLICATE', {
      field: 'body.policyId',
      params: { applicationNo: earlier.applicationNo, state: STATE_ZH[earlier.state] ?? earlier.state, paidOn: earlier.paidOn ? `，${earlier.paidOn} 发放` : '', period, clause: 'CQ25 八' },
      details: { earlierApplicationId: earlier.id, earlierApplicationNo: earlier.applicationNo, earlierState: earlier.state, earlierPaidOn: earlier.paidOn, policy: `${policy.id}@${policy.version}` },
    });
  }

  private async visible(ctx: RequestContext, id: string, action: string): Promise<ApplicationRow> {
    return visibleOr404(ctx, await this.repo.application(scopeOf(ctx), id), { action, resourceType: 'subsidy_application', resourceId: id, field: 'params.id' });
  }

  async get(ctx: RequestContext, id: string): Promise<TApplication> {
    return this.one(await this.visible(ctx, id, 'subsidy.view'));
  }

  async list(ctx: RequestContext, q: { jurisdiction?: string | undefined; state?: string | undefined; policyId?: string | undefined; personId?: string | undefined }): Promise<{ items: TApplication[] }> {
    const scope = scopeOf(ctx);
    const within = scope.isCitizen ? requireActor(ctx).jurisdictionCode : scope.narrow(q.jurisdiction);
    return { items: await this.views(await this.repo.applications(scope, within, q)) };
  }

  /** Maker: proposes approval (with the amount computed from the policy's rule and explained) or rejection. */
  async review(ctx: RequestContext, id: string, body: { decision: 'approve' | 'reject'; months?: number | undefined; yuan?: number | undefined; reason?: string | undefined }): Promise<TApplication> {
    const actor = requireActor(ctx);
    const row = await this.visible(ctx, id, 'subsidy.review');
    if (row.state !== 'submitted') throw stateError(row, '初审', 'review it');
    const policy = this.policyOf(row);
    let patch: Parameters<PoliciesRepository['updateApplication']>[2];
    if (body.decision === 'approve') {
      const claim = row.claim as { months?: number; yuan?: number };
      const amount = computeAmount(policy, { months: body.months ?? claim.months, yuan: body.yuan ?? claim.yuan }, 'body.');
      patch = { amountFen: Math.round(amount.yuan * 100), amountExplanation: amount.explanation, proposal: { decision: 'approve', yuan: amount.yuan, reason: body.reason ?? null, by: actor.displayName, at: this.clock.now().toISOString() } };
    } else {
      if (!body.reason) throw invalid('body.reason', '不予核准须写明理由', 'a rejection needs the reason');
      patch = { proposal: { decision: 'reject', yuan: null, reason: body.reason, by: actor.displayName, at: this.clock.now().toISOString() } };
    }
    const updated = await this.repo.updateApplication(row, 'submitted', { ...patch, state: 'reviewed', reviewedBy: actor.userId, reviewedAt: this.clock.now() });
    if (!updated) throw stateError(row, '初审', 'review it');
    ctx.audit = { action: 'subsidy.review', resourceType: 'subsidy_application', resourceId: row.id, jurisdictionCode: row.jurisdictionCode, detail: { decision: body.decision, amountFen: updated.amountFen } };
    return this.one(updated);
  }

  /** Checker (never the maker): agrees (approved / rejected as proposed) or sends it back to review. */
  async confirm(ctx: RequestContext, id: string, body: { agree: boolean; note?: string | undefined }): Promise<TApplication> {
    const actor = requireActor(ctx);
    const row = await this.visible(ctx, id, 'subsidy.confirm');
    if (row.state !== 'reviewed') throw stateError(row, '复核', 'confirm it');
    if (row.reviewedBy === actor.userId) throw new AppError('SUBSIDY_SAME_REVIEWER', { field: 'reviewer' });
    const proposal = row.proposal as NonNullable<TApplication['proposal']>;
    const patch: Parameters<PoliciesRepository['updateApplication']>[2] = body.agree
      ? proposal.decision === 'approve'
        ? { state: 'approved', decidedBy: actor.userId, decidedAt: this.clock.now() }
        : { state: 'rejected', decidedBy: actor.userId, decidedAt: this.clock.now(), rejectionReason: proposal.reason }
      : { state: 'submitted', proposal: null, amountFen: null, amountExplanation: null, reviewedBy: null, reviewedAt: null };
    const updated = await this.repo.updateApplication(row, 'reviewed', patch);
    if (!updated) throw stateError(row, '复核', 'confirm it');
    ctx.audit = { action: 'subsidy.confirm', resourceType: 'subsidy_application', resourceId: row.id, jurisdictionCode: row.jurisdictionCode, reason: body.note, detail: { agree: body.agree, state: updated.state } };
    return this.one(updated);
  }

  // ---- payment batches ----------------------------------------------------------------------------------------

  private batchView(b: BatchRow, replayed: boolean): TBatch {
    return { id: b.id, batchNo: b.batchNo, jurisdictionCode: b.jurisdictionCode, policyId: b.policyId, state: b.state as TBatch['state'], itemCount: b.itemCount, totalYuan: b.totalFen / 100, createdAt: b.createdAt.toISOString(), paidOn: b.paidOn, replayed };
  }

  /** Takes every approved, unpaid application of the area into one batch; the same key returns the same batch. */
  async createBatch(ctx: RequestContext, body: { jurisdiction?: string | undefined; policyId?: string | undefined; idempotencyKey: string }): Promise<TBatch> {
    const actor = requireActor(ctx);
    const scope = scopeOf(ctx);
    const within = scope.narrow(body.jurisdiction);
    const first = await this.repo.batchByKey(body.idempotencyKey);
    if (first) return this.batchView(visibleOr404(ctx, { status: scope.covers(first.jurisdictionCode) ? 'visible' : 'out_of_scope', row: first, jurisdictionCode: first.jurisdictionCode }, { action: 'subsidy.batch', resourceType: 'payment_batch', resourceId: first.id }), true);
    const on = this.policies.today();
    let batch: BatchRow;
    try {
      batch = await this.repo.transaction((tx) =>
        tx.createBatch(scope, { batchNo: `ZF${on.replaceAll('-', '')}-${crypto.randomUUID().slice(0, 8)}`, jurisdictionCode: within, policyId: body.policyId ?? null, idempotencyKey: body.idempotencyKey, state: 'exported', itemCount: 0, totalFen: 0, createdBy: actor.userId }, within, body.policyId).then((b) => {
          if (!b) throw new AppError('PAYMENT_BATCH_EMPTY', { field: 'body.jurisdiction' });
          return b;
        }),
      );
    } catch (e) {
      if (isUniqueViolation(e)) {
        const raced = await this.repo.batchByKey(body.idempotencyKey);
        if (raced) return this.batchView(raced, true);
      }
      throw e;
    }
    ctx.audit = { action: 'subsidy.batch', resourceType: 'payment_batch', resourceId: batch.id, jurisdictionCode: within, detail: { items: batch.itemCount, totalFen: batch.totalFen } };
    return this.batchView(batch, false);
  }

  async batches(ctx: RequestContext, jurisdiction: string | undefined): Promise<{ items: TBatch[] }> {
    const scope = scopeOf(ctx);
    return { items: (await this.repo.batches(scope, scope.narrow(jurisdiction))).map((b) => this.batchView(b, false)) };
  }

  private async visibleBatch(ctx: RequestContext, id: string, action: string): Promise<BatchRow> {
    return visibleOr404(ctx, await this.repo.batch(scopeOf(ctx), id), { action, resourceType: 'payment_batch', resourceId: id, field: 'params.id' });
  }

  /** The bank file (CSV); refused once the batch is marked paid. Deterministic: a re-export gives the same bytes. */
  async exportBatch(ctx: RequestContext, id: string): Promise<{ body: Buffer; fileName: string }> {
    const b = await this.visibleBatch(ctx, id, 'subsidy.batch.export');
    if (b.state === 'paid') throw new AppError('PAYMENT_BATCH_PAID', { field: 'params.id', params: { batchNo: b.batchNo, paidOn: b.paidOn ?? '' } });
    const items = await this.repo.batchItems(b.id);
    const persons = await this.repo.personNames(items.map((i) => i.personId));
    const lines: BankLine[] = items.map((a) => ({
      applicationNo: a.applicationNo,
      payeeType: a.beneficiary === 'employer' ? 'employer' : 'person',
      payeeName: a.beneficiary === 'employer' ? (a.employerName ?? '') : (persons.get(a.personId)?.name ?? ''),
      payeeId: a.beneficiary === 'employer' ? (a.employerCode ?? '') : (persons.get(a.personId)?.idNumberMasked ?? ''),
      policyId: a.policyId,
      policyVersion: a.policyVersion,
      periodKey: a.periodKey,
      amountFen: a.amountFen ?? 0,
    }));
    ctx.audit = { action: 'subsidy.batch.export', resourceType: 'payment_batch', resourceId: b.id, jurisdictionCode: b.jurisdictionCode, sensitive: true, detail: { items: lines.length } };
    return { body: bankFileCsv(b.batchNo, lines), fileName: `${b.batchNo}.csv` };
  }

  async markPaid(ctx: RequestContext, id: string, paidOn: string | undefined): Promise<TBatch> {
    const actor = requireActor(ctx);
    const b = await this.visibleBatch(ctx, id, 'subsidy.batch.paid');
    if (b.state === 'paid') throw new AppError('PAYMENT_BATCH_PAID', { field: 'params.id', params: { batchNo: b.batchNo, paidOn: b.paidOn ?? '' } });
    const on = paidOn ?? this.policies.today();
    if (on > this.policies.today()) throw invalid('body.paidOn', '发放日期不能晚于今天', 'paidOn cannot be in the future');
    const row = await this.repo.transaction((tx) => tx.markBatchPaid(b.id, on, actor.userId));
    if (!row) throw new AppError('PAYMENT_BATCH_PAID', { field: 'params.id', params: { batchNo: b.batchNo, paidOn: on } });
    ctx.audit = { action: 'subsidy.batch.paid', resourceType: 'payment_batch', resourceId: b.id, jurisdictionCode: b.jurisdictionCode, detail: { paidOn: on, items: row.itemCount, totalFen: row.totalFen } };
    return this.batchView(row, false);
  }

  /** Fund supervision: approved and paid totals by policy, county and month (CQ25 八). */
  async totals(ctx: RequestContext, jurisdiction: string | undefined) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(jurisdiction);
    const rows = await this.repo.totals(scope, within);
    return { jurisdiction: within, items: rows.map((r) => ({ policyId: r.policyId, county: r.county, month: r.month, state: r.state, count: Number(r.count), totalYuan: Number(r.fen) / 100 })) };
  }

  /** Approved and paid amounts per person, employer, policy and period. */
  async ledger(ctx: RequestContext, q: { jurisdiction?: string | undefined; personId?: string | undefined; policyId?: string | undefined; period?: string | undefined }) {
    const scope = scopeOf(ctx);
    const within = scope.isCitizen ? requireActor(ctx).jurisdictionCode : scope.narrow(q.jurisdiction);
    const [approved, paid] = await Promise.all([this.repo.applications(scope, within, { ...q, state: 'approved' }), this.repo.applications(scope, within, { ...q, state: 'paid' })]);
    const rows = [...paid, ...approved].filter((r) => !q.period || r.periodKey === q.period);
    const names = await this.repo.personNames(rows.map((r) => r.personId));
    const batchNos = await this.repo.batchNos(rows.map((r) => r.batchId).filter((x): x is string => x !== null));
    const items = rows.map((r) => ({
      applicationNo: r.applicationNo,
      personId: r.personId,
      personName: names.get(r.personId)?.name ?? '',
      employer: r.employerName,
      policyId: r.policyId,
      policyVersion: r.policyVersion,
      periodKey: r.periodKey,
      state: r.state,
      amountYuan: (r.amountFen ?? 0) / 100,
      batchNo: r.batchId ? (batchNos.get(r.batchId) ?? null) : null,
      paidOn: r.paidOn,
    }));
    return { items, totalYuan: items.reduce((s, i) => s + i.amountYuan, 0) };
  }
}
