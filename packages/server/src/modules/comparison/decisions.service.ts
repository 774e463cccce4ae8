/**
 * Decisions on findings: confirm (the proposed action applied through the registration, referral services — their
 * own transactions, rules checks and audit notes), dismiss, and the recovery of confirmations abandoned by a crash.
 * The services are the ones the composition root made (`createServices`), never copies of their own.
 */
import type { DeregistrationReason } from '@bangfu/rules';
import type { Clock } from '../../jobs/clock.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, type RequestContext } from '../../http/context.ts';
import type { ReferralsService } from '../referrals/referrals.service.ts';
import type { RegistrationService } from '../registration/registration.service.ts';
import type { ComparisonRepository, FindingRow, FindingWithPerson } from './comparison.repository.ts';
import { DATASETS, isDatasetKind } from './datasets.ts';
import { APPLYING_STALE_MS } from './options.ts';
import { visibleFinding } from './visibility.ts';

/** The services a confirmed finding is applied through (absent referrals: the decision is recorded). */
export interface DecisionServices {
  readonly registration: RegistrationService;
  readonly referrals: ReferralsService | null;
}

export class ComparisonDecisions {
  private readonly registration: RegistrationService;
  private readonly referrals: ReferralsService | null;

  constructor(
    private readonly repo: ComparisonRepository,
    services: DecisionServices,
    private readonly clock: Clock,
    private readonly applyingStaleMs: number = APPLYING_STALE_MS,
  ) {
    this.registration = services.registration;
    this.referrals = services.referrals;
  }

  /**
   * Confirms a finding and applies its proposed action through the registration service (its own transaction,
   * rules check and audit note). The finding is claimed first (`applying`, with the claim's time in `applied`), so
   * two caseworkers cannot apply it twice; when applying fails it goes back to `pending`. A claim abandoned by a
   * crash (older than APPLYING_STALE_MS) is recovered first, see `recoverApplying`.
   */
  async confirm(ctx: RequestContext, id: string, body: { note?: string | undefined; employerName?: string | undefined }): Promise<FindingWithPerson> {
    const actor = requireActor(ctx);
    let f = await visibleFinding(ctx, this.repo, id, 'comparison.finding.confirm');
    if (f.state === 'applying') f = await this.recoverIfAbandoned(f);
    if (f.state !== 'pending') throw new AppError('COMPARISON_FINDING_DECIDED', { params: { state: f.state } });
    const proposed = f.proposedAction as Record<string, unknown>;
    // An employment registration needs the employer's name; a file that gave only the credit code leaves it to the
    // caseworker (never the code recorded as a name).
    const employerName = proposed.type === 'employment_registration' ? body.employerName?.trim() || (typeof proposed.employerName === 'string' ? proposed.employerName.trim() : '') : '';
    if (proposed.type === 'employment_registration' && !employerName) {
      throw new AppError('COMPARISON_EMPLOYER_NAME_REQUIRED', { field: 'body.employerName', params: { creditCode: typeof proposed.employerCreditCode === 'string' ? proposed.employerCreditCode : '—' } });
    }
    const claim = { claimedAt: new Date().toISOString(), by: actor.username, ...(employerName ? { employerName } : {}) };
    const claimed = await this.repo.transition(f, 'pending', { state: 'applying', decidedBy: actor.userId, decidedByName: actor.username, decidedAt: this.clock.now(), applied: { claim } });
    if (!claimed) throw new AppError('COMPARISON_FINDING_DECIDED', { params: { state: 'applying' } });
    const a = f.proposedAction as Record<string, unknown>;
    const spec = isDatasetKind(f.datasetKind) ? DATASETS[f.datasetKind] : undefined;
    let applied: Record<string, unknown> = { type: a.type };
    let registrationAudit: unknown = null;
    try {
      if (a.type === 'employment_registration') {
        const e = await this.registration.registerEmployment(ctx, f.personId, {
          employerName,
          ...(typeof a.employerCreditCode === 'string' ? { employerCreditCode: a.employerCreditCode } : {}),
          startedOn: String(a.startedOn),
          type: a.employmentType === 'self_employed' ? 'self_employed' : 'stable',
        });
        applied = { type: a.type, employmentId: e.id, employerName, endedRegistration: e.endedRegistration };
      } else if (a.type === 'deregister' && f.registrationId) {
        const lines = f.evidence.map((x) => x.line).filter((x) => x !== undefined).slice(0, 5).join(',');
        const d = await this.registration.deregister(ctx, f.registrationId, {
          reason: a.reason as DeregistrationReason,
          on: String(a.on),
          note: `信息比对 ${spec?.zh ?? f.datasetKind}（比对结果 ${f.id}${lines ? `，第 ${lines} 行` : ''}）${body.note ? `：${body.note}` : ''}`,
        });
        applied = { type: a.type, registrationId: d.registration.id, reason: d.registration.deregistration?.reason ?? a.reason, cancelledOn: d.registration.cancelledOn };
      } else if (a.type === 'referral' && this.referrals) {
        const criteria = (f.criteria ?? []).map((c) => String(c.nameZh ?? c.id)).join('、');
        const r = await this.referrals.refer(ctx, f.personId, {
          kind: a.referralKind === 'dibao' ? 'dibao' : 'temporary_relief',
          reason: `信息比对（比对结果 ${f.id}）${criteria ? `：${criteria}` : ''}${body.note ? `；${body.note}` : ''}`,
        });
        applied = { type: a.type, referralId: r.id, kind: r.kind };
      }
      registrationAudit = ctx.audit.action ? { ...ctx.audit } : null;
    } catch (e) {
      await this.repo.transition(f, 'applying', { state: 'pending', decidedBy: null, decidedByName: null, decidedAt: null, applied: null });
      throw e;
    }
    // The action is applied: the finding is confirmed even if a recovery sweep has meanwhile put it back to pending.
    await this.repo.completeApplying(f, { state: 'confirmed', applied: { ...applied, claim, note: body.note ?? null } });
    ctx.audit = {
      action: 'comparison.finding.confirm',
      resourceType: 'comparison_finding',
      resourceId: f.id,
      jurisdictionCode: f.jurisdictionCode,
      ...(body.note ? { reason: body.note } : {}),
      detail: { personId: f.personId, rule: f.rule, datasetKind: f.datasetKind, runId: f.runId, action: a, applied, evidence: f.evidence, registrationAudit },
    };
    return (await this.repo.finding(f.id)) ?? f;
  }

  async dismiss(ctx: RequestContext, id: string, body: { reason: string }): Promise<FindingWithPerson> {
    const actor = requireActor(ctx);
    const reason = body.reason.trim();
    if (!reason) {
      throw new AppError('VALIDATION_FAILED', { field: 'body.reason', params: { detail: 'body.reason' }, issues: [{ field: 'body.reason', messageZh: '驳回须填写理由', messageEn: 'a reason is required to dismiss' }] });
    }
    let f = await visibleFinding(ctx, this.repo, id, 'comparison.finding.dismiss');
    if (f.state === 'applying') f = await this.recoverIfAbandoned(f);
    if (f.state !== 'pending') throw new AppError('COMPARISON_FINDING_DECIDED', { params: { state: f.state } });
    const done = await this.repo.transition(f, 'pending', { state: 'dismissed', dismissReason: reason, decidedBy: actor.userId, decidedByName: actor.username, decidedAt: this.clock.now() });
    if (!done) throw new AppError('COMPARISON_FINDING_DECIDED', { params: { state: 'changed' } });
    ctx.audit = { action: 'comparison.finding.dismiss', resourceType: 'comparison_finding', resourceId: f.id, jurisdictionCode: f.jurisdictionCode, reason, detail: { personId: f.personId, rule: f.rule, datasetKind: f.datasetKind } };
    return (await this.repo.finding(f.id)) ?? f;
  }

  // Recovery of confirmations abandoned by a crash (a finding left in `applying`).

  /** When a claim counts as abandoned (no confirmation takes minutes; its process died). */
  private claimedAt(f: FindingRow): number {
    const at = (f.applied as { claim?: { claimedAt?: unknown } } | null)?.claim?.claimedAt;
    return typeof at === 'string' ? Date.parse(at) : (f.decidedAt?.getTime() ?? 0);
  }

  private async recoverIfAbandoned(f: FindingWithPerson): Promise<FindingWithPerson> {
    if (Date.now() - this.claimedAt(f) < this.applyingStaleMs) return f;
    await this.recoverOne(f);
    return (await this.repo.finding(f.id)) ?? f;
  }

  /**
   * Findings left in `applying` longer than APPLYING_STALE_MS: the action was either applied (then the finding is
   * confirmed, `applied.recovered` true) or not (then it goes back to `pending`, to be confirmed again). Whether it
   * was applied is read from the registry, never guessed: the deregistration carries the finding's id in its note;
   * the employment registration is the person's one with the proposed employer and start date created after the
   * claim. Each recovery is audited. Called when the worker starts, by `bangfu compare run`, and before a confirm or
   * dismiss of such a finding. Returns how many were confirmed and reset.
   */
  async recoverApplying(): Promise<{ confirmed: number; reset: number }> {
    const out = { confirmed: 0, reset: 0 };
    const limit = Date.now() - this.applyingStaleMs;
    for (const f of await this.repo.findingsInState('applying')) {
      if (this.claimedAt(f) >= limit) continue;
      const r = await this.recoverOne(f);
      if (r) out[r]++;
    }
    return out;
  }

  private async recoverOne(f: FindingRow): Promise<'confirmed' | 'reset' | null> {
    const a = f.proposedAction as Record<string, unknown>;
    const claim = (f.applied as { claim?: Record<string, unknown> } | null)?.claim ?? null;
    let applied: Record<string, unknown> | null = null;
    if (a.type === 'deregister' && f.registrationId) {
      const r = await this.repo.registry.registrationState(f.registrationId);
      if (r && r.state !== 'active' && r.deregistration_reason === a.reason && (r.deregistration_note ?? '').includes(f.id)) {
        applied = { type: a.type, registrationId: f.registrationId, reason: r.deregistration_reason, cancelledOn: r.cancelled_on };
      }
    } else if (a.type === 'employment_registration') {
      // Clocks of the application and the database may differ a little: a minute of slack before the claim.
      const since = new Date(this.claimedAt(f) - 60_000);
      const name = typeof claim?.employerName === 'string' ? claim.employerName : String(a.employerName);
      const e = await this.repo.registry.employmentSince(f.personId, name, String(a.startedOn), a.employmentType === 'self_employed' ? 'self_employed' : 'stable', since);
      if (e) applied = { type: a.type, employmentId: e.id, endedRegistrationId: e.ended_registration_id };
    } else if (a.type === 'referral' && this.referrals) {
      const r = await this.repo.registry.referralNaming(f.personId, f.id);
      if (r) applied = { type: a.type, referralId: r.id, kind: r.kind };
    } else {
      // Confirming other proposals records the decision only: nothing can have been half done.
      applied = { type: a.type };
    }
    const next = applied
      ? await this.repo.transition(f, 'applying', { state: 'confirmed', applied: { ...applied, claim, recovered: true } })
      : await this.repo.transition(f, 'applying', { state: 'pending', decidedBy: null, decidedByName: null, decidedAt: null, applied: null });
    if (!next) return null; // someone else finished or recovered it meanwhile
    await this.repo.audit({
      action: 'comparison.finding.recover',
      resourceType: 'comparison_finding',
      resourceId: f.id,
      jurisdictionCode: f.jurisdictionCode,
      outcome: 'ok',
      detail: { personId: f.personId, rule: f.rule, claim, result: applied ? 'confirmed' : 'pending', applied },
    });
    return applied ? 'confirmed' : 'reset';
  }
}
