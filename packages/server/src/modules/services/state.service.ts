/**
 * The person's service state (R8.3) with the rules package's explanations, and its recomputation on demand. The
 * stored state is what worklists read; the detail evaluates the same facts again to explain them.
 */
import {
  MARKS,
  calendarForPack,
  evaluateFollowUp,
  evaluateLevel,
  evaluateObligations,
  evaluateTier,
  isKeyGroup,
  parseIsoDate,
  type Explanation,
  type Mark,
} from '@bangfu/rules';
import type { Database } from '../../db/client.ts';
import { requireActor, type RequestContext } from '../../http/context.ts';
import { recomputePerson } from './service-state.repository.ts';
import type { ServicesCore } from './services.core.ts';
import type { TServiceState } from './services.contract.ts';
import type { PersonRow } from './services.repository.ts';

export class ServiceStates {
  constructor(private readonly core: ServicesCore) {}

  /**
   * The person's service state with the rules package's explanations: the stored state (what worklists read) and,
   * for the detail, `evaluateTier` / `evaluateLevel` / `evaluateObligations` / `evaluateFollowUp` on the same facts.
   */
  async state(ctx: RequestContext, personId: string, known?: PersonRow): Promise<TServiceState> {
    const person = known ?? (await this.core.visiblePerson(ctx, personId, 'service.state'));
    const asOf = this.core.today();
    const [stored, changes, regs, marks, services] = await Promise.all([
      this.core.repo.state(person.id),
      this.core.repo.stateChanges(person.id, 50),
      this.core.repo.registrationsOf([person.id]),
      this.core.repo.activeMarks(person.id, asOf),
      this.core.repo.countableServices(person.id),
    ]);
    const changeViews = changes.map((c) => ({ on: c.on, kind: c.kind, textZh: c.textZh, textEn: c.textEn, at: c.at.toISOString() }));
    const reg = regs.find((r) => r.state === 'active' && r.kind === 'unemployment' && r.registeredOn <= asOf);
    const empty: TServiceState = { personId: person.id, asOf, registered: false, pack: null, registration: null, tier: null, level: null, class: null, obligations: [], followUp: null, stale: false, fileVerifiedOn: null, explanations: [], changes: changeViews };
    if (!reg) return empty;
    // The pack of the person's residence division, as in the stored state (StateEngine).
    const pack = this.core.registry.resolve(person.jurisdictionCode, asOf);
    const calendar = calendarForPack(pack);
    // The countable services (corrections, voids and merged files applied) are the ones the stored state counts.
    const yearStart = `${asOf.slice(0, 4)}-01-01`;
    const counted = services.filter((s) => s.servedOn <= asOf && s.servedOn >= (reg.registeredOn < yearStart ? reg.registeredOn : yearStart));
    const markSet = new Set(marks.filter((m): m is Mark => (MARKS as readonly string[]).includes(m)));
    const registeredOn = parseIsoDate(reg.registeredOn, 'registration.registeredOn');
    const asOfDate = parseIsoDate(asOf, 'asOf');
    const tier = evaluateTier(registeredOn, pack, asOfDate);
    const level = evaluateLevel({ marks: markSet, registeredOn }, pack, calendar);
    const laborCapacity = person.laborCapacity;
    const keyGroup = isKeyGroup(pack, { marks: markSet, registeredUnemployed: true, wantsWork: laborCapacity !== 'none', laborCapacity });
    const needs = Array.isArray(person.serviceNeeds) ? (person.serviceNeeds as unknown[]) : [];
    const trainingNeed = needs.includes('training_recommendation') || person.intention === 'training';
    const obligations = evaluateObligations(
      { registeredOn, tier: { code: tier.code, since: tier.since, nextChange: tier.nextChange }, level: level.code, keyGroup, trainingNeed, services: counted.map((s) => ({ type: s.type, on: parseIsoDate(s.servedOn, 'service.servedOn') })) },
      pack,
      asOfDate,
      calendar,
    );
    const lastService = counted.filter((s) => s.servedOn >= reg.registeredOn).reduce<string | null>((m, s) => (m === null || s.servedOn > m ? s.servedOn : m), null);
    const lastContact = [lastService, reg.firstContactOn].filter((x): x is string => !!x).sort().pop();
    const followUp = evaluateFollowUp(
      {
        employmentStatus: person.employmentStatus as 'unemployed',
        marks: markSet,
        keyGroup,
        registeredOn,
        employedSince: undefined,
        lastContact: lastContact ? parseIsoDate(lastContact, 'lastContact') : undefined,
      },
      pack,
      asOfDate,
    );
    const explanations: Explanation[] = [...tier.explanations, ...level.explanations, ...obligations.explanations, ...followUp.explanations];
    return {
      personId: person.id,
      asOf,
      registered: true,
      pack: `${pack.id}@${pack.version}`,
      registration: { id: reg.id, registeredOn: reg.registeredOn, firstContactDeadline: reg.firstContactDeadline, firstContactOn: stored?.firstContactOn ?? reg.firstContactOn },
      tier: { code: tier.code, since: tier.since, nextChange: tier.nextChange },
      level: level.code,
      class: stored?.class ?? null,
      obligations: obligations.obligations,
      followUp: { rhythm: followUp.rhythm, intervalMonths: followUp.intervalMonths, lastContact: followUp.lastContact, nextDueBy: followUp.nextDueBy, overdue: followUp.overdue },
      stale: stored?.stale ?? false,
      fileVerifiedOn: stored?.fileVerifiedOn ?? null,
      explanations: explanations.map((e) => ({ rule: e.rule, source: e.source, pack: e.pack ?? '', text: e.text, textEn: e.textEn ?? '' })),
      changes: changeViews,
    };
  }

  /** Recomputes one person's stored state now (after changes made by other slices, e.g. a new registration). */
  async recompute(ctx: RequestContext, personId: string) {
    const person = await this.core.visiblePerson(ctx, personId, 'service.recompute');
    await this.core.repo.transaction((tx: Database) => recomputePerson(tx, this.core.registry, this.core.today(), person.id, `manual:${requireActor(ctx).username}`));
    return this.state(ctx, person.id, person);
  }
}
