/**
 * The read side of the assistance slice: application lists, the public notices, "service finds the person"
 * candidates and the worklist — each scoped, paged with the exact total, computed from the packs in force today.
 */
import { evaluateDifficulty, evaluateTier, parseIsoDate, RuleInputError, type ResolvedPack } from '@bangfu/rules';
import { scopeOf, type RequestContext } from '../../http/context.ts';
import type { PersonRow } from '../persons/persons.repository.ts';
import { gatherFacts } from './facts.ts';
import { WORKLIST_TASKS, type ApplicationSort, type WorklistTask } from './assistance.repository.ts';
import type { SortOrder } from '../../contract/list-query.ts';
import type { AssistanceService } from './assistance.service.ts';
import type { Application, CandidateItem } from './assistance.contract.ts';

export type { CandidateItem };

export class AssistanceQueries {
  constructor(private readonly svc: AssistanceService) {}

  async list(ctx: RequestContext, q: { jurisdiction?: string | undefined; state?: string | undefined; page: number; pageSize: number; sort?: ApplicationSort | undefined; order?: SortOrder | undefined }) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const { rows, total } = await this.svc.repo.list(scope, within, q.state ? q.state.split(',') : undefined, q.page, q.pageSize, q);
    const today = this.svc.today();
    return {
      items: rows.map((r) => ({ ...this.svc.summary(r, today), personName: r.personName, idNumberMasked: r.idNumberMasked })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /**
   * The public notices running in a jurisdiction (公示: masked name, sex, age, category, period, contact), paged
   * with the exact total; the notice ending first on top. `ended`: the period is over (awaiting recognition).
   */
  async notices(ctx: RequestContext, q: { jurisdiction?: string | undefined; page: number; pageSize: number }) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const today = this.svc.today();
    const { rows, total } = await this.svc.repo.notices(scope, within, q.page, q.pageSize);
    return {
      items: rows.map((r) => ({ applicationId: r.id, applicationNo: r.applicationNo, jurisdictionCode: r.jurisdictionCode, ...(r.notice as NonNullable<Application['notice']>), ended: r.noticeEnds !== null && today > r.noticeEnds })),
      total,
      page: q.page,
      pageSize: q.pageSize,
      asOf: today,
    };
  }

  /**
   * "Service finds the person" (服务找人, R5.2): active unemployment registrants in scope, not recognised and without
   * an application, whose facts on file meet the criteria (or might, with the missing facts named), plus long-term
   * unemployed registrants (NM24 二(一): tier `long`). The whole pool of the jurisdiction is read once (keys) and
   * evaluated in chunks (no cap), so `total` is exact; the list is ordered eligible first, then long-term, then by
   * registration date, and only the requested page is built in full.
   */
  async candidates(ctx: RequestContext, q: { jurisdiction?: string | undefined; page: number; pageSize: number }) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const today = this.svc.today();
    const pool = await this.svc.repo.candidatePoolKeys(scope, within);
    const packs = new Map<string, ResolvedPack | null>();
    const keys: { personId: string; eligible: boolean; longTerm: boolean; registeredOn: string }[] = [];
    for (let i = 0; i < pool.length; i += this.svc.candidateChunk) {
      const people = await this.svc.repo.personsByIds(pool.slice(i, i + this.svc.candidateChunk).map((k) => k.personId));
      for (const c of await this.assessCandidates(people, today, packs)) keys.push({ personId: c.personId, eligible: c.eligible === true, longTerm: c.longTermUnemployed, registeredOn: c.registeredOn ?? '' });
    }
    keys.sort((a, b) => Number(b.eligible) - Number(a.eligible) || Number(b.longTerm) - Number(a.longTerm) || a.registeredOn.localeCompare(b.registeredOn) || a.personId.localeCompare(b.personId));
    const pageKeys = keys.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    const built = new Map((await this.assessCandidates(await this.svc.repo.personsByIds(pageKeys.map((k) => k.personId)), today, packs)).map((c) => [c.personId, c]));
    const items = pageKeys.map((k) => built.get(k.personId)).filter((c): c is CandidateItem => c !== undefined);
    return { items, total: keys.length, page: q.page, pageSize: q.pageSize, scanned: pool.length, asOf: today };
  }

  /** Evaluates pool members on `today`; answers the candidates among them (criteria met or possibly met, or long-term). */
  private async assessCandidates(pool: readonly PersonRow[], today: string, packs: Map<string, ResolvedPack | null>): Promise<CandidateItem[]> {
    if (pool.length === 0) return [];
    const files = await this.svc.repo.fileFacts(pool, this.svc.cipher);
    const items: CandidateItem[] = [];
    for (const p of pool) {
      const file = files.get(p.id)!;
      let pack = packs.get(p.jurisdictionCode);
      if (pack === undefined) {
        try {
          pack = this.svc.pack(p.jurisdictionCode, today);
        } catch (e) {
          if (!(e instanceof RuleInputError)) throw e;
          pack = null;
        }
        packs.set(p.jurisdictionCode, pack);
      }
      if (pack === null) continue;
      const { facts } = gatherFacts(file, {}, today);
      const d = evaluateDifficulty(facts, pack);
      const tier = file.registration && file.registration.registeredOn <= today ? evaluateTier(parseIsoDate(file.registration.registeredOn, 'registeredOn'), pack, parseIsoDate(today, 'today')) : null;
      const longTerm = tier?.code === 'long';
      if (d.eligible === false && !longTerm) continue;
      const reasons: CandidateItem['reasons'] = [];
      for (const c of d.categories.filter((c) => c.met === true)) reasons.push({ code: `category:${c.id}`, textZh: `符合认定类别：${c.nameZh}`, textEn: `meets category: ${c.nameEn}`, source: c.source });
      if (longTerm && tier) {
        const ex = tier.explanations[0];
        reasons.push({ code: 'long_term_unemployed', textZh: `长期失业（登记 ${tier.months} 个月）`, textEn: `long-term unemployed (${tier.months} months registered)`, source: ex?.source ?? 'NM24 二(一)' });
      }
      items.push({
        personId: p.id,
        name: p.name,
        idNumberMasked: p.idNumberMasked,
        jurisdictionCode: p.jurisdictionCode,
        eligible: d.eligible,
        longTermUnemployed: longTerm,
        registeredOn: file.registration?.registeredOn ?? null,
        reasons,
        missingFacts: d.missingFacts,
        pack: `${pack.id}@${pack.version}`,
      });
    }
    return items;
  }

  /**
   * What is due (R5.3): pre-checks and reviews by their deadline, notices ended awaiting recognition, re-checks,
   * hand-over assessments and ended periods — the whole subtree, computed by the database and paged with the exact
   * total and per-task counts, most urgent first (overdue, then the earliest due date). The hand-over window and
   * the period's end come from each division's pack in force today (as `assistancePeriod` decides them at the
   * hand-over and the exit).
   */
  async worklist(ctx: RequestContext, q: { jurisdiction?: string | undefined; task?: WorklistTask[] | undefined; page: number; pageSize: number }) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const today = this.svc.today();
    const packs = (await this.svc.repo.recognisedCodes(scope, within)).map((code) => {
      const p = this.svc.pack(code, today).params.assistance;
      return { code, validityMonths: p.validityMonths.value, handoverDays: p.handoverAssessmentDays.value };
    });
    const { rows, total, counts } = await this.svc.repo.worklist(scope, within, today, packs, q.task, q.page, q.pageSize);
    const byTask = Object.fromEntries(WORKLIST_TASKS.map((task) => {
      const c = counts.find((x) => x.task === task);
      return [task, { total: c?.n ?? 0, overdue: c?.overdue ?? 0 }];
    })) as Record<WorklistTask, { total: number; overdue: number }>;
    return { items: rows, total, page: q.page, pageSize: q.pageSize, counts: byTask, asOf: today };
  }
}
