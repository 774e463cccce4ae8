/**
 * Zero-employment household status (零就业家庭, MOH 二(二); 内人社办发〔2020〕58号 in Inner Mongolia) kept current:
 * after every change to a household or one of its members the status is re-derived with `evaluateHousehold` and
 * the pack in force, and the periods table records when the household became zero-employment and when it was
 * cleared (动态清零), with the triggering event. Called inside the caller's transaction.
 */
import {
  EMPLOYMENT_STATUSES,
  LABOR_CAPACITIES,
  RETIREMENT_CATEGORIES,
  evaluateHousehold,
  parseIsoDate,
  type EmploymentStatus,
  type HouseholdDecision,
  type HouseholdMember,
  type LaborCapacity,
  type PackRegistry,
  type RetirementCategory,
} from '@bangfu/rules';
import type { PersonRow } from '../persons/persons.repository.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { Database } from '../../db/client.ts';
import { HouseholdsRepository, type HouseholdRow } from './households.repository.ts';

export interface Trigger {
  /** What happened: `member_added`, `member_removed`, `employment_status_changed`, `merged`, `household_updated`, … */
  readonly kind: string;
  readonly personId?: string | undefined;
  readonly actorId: string | null;
  readonly username: string | null;
}

export interface HouseholdEvaluation {
  readonly decision: HouseholdDecision;
  readonly pack: string;
  readonly registered: Set<string>;
}

function oneOf<T extends string>(values: readonly T[], v: string | null): T | undefined {
  return v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

export function memberFacts(p: PersonRow, registered: Set<string>): HouseholdMember {
  return {
    ref: p.id,
    sex: p.sex === 'female' ? 'female' : 'male',
    birthDate: p.birthDate,
    retirementCategory: oneOf<RetirementCategory>(RETIREMENT_CATEGORIES, p.retirementCategory),
    employmentStatus: oneOf<EmploymentStatus>(EMPLOYMENT_STATUSES, p.employmentStatus),
    laborCapacity: oneOf<LaborCapacity>(LABOR_CAPACITIES, p.laborCapacity),
    registeredUnemployed: registered.has(p.id),
  };
}

export class ZeroEmploymentTracker {
  constructor(
    private readonly registry: PackRegistry,
    /** The application's one clock: periods open and close at the time the application lives in. */
    private readonly clock: Clock,
  ) {}

  async evaluate(repo: HouseholdsRepository, household: HouseholdRow, members: PersonRow[]): Promise<HouseholdEvaluation> {
    const asOf = this.clock.today();
    const registered = await repo.registeredUnemployed(members.map((m) => m.id));
    const pack = this.registry.resolve(household.jurisdictionCode, asOf);
    const decision = evaluateHousehold(
      {
        members: members.map((m) => memberFacts(m, registered)),
        urban: household.urban,
        ...(household.businessIncome === null ? {} : { businessOrInvestmentIncome: household.businessIncome }),
      },
      pack,
      parseIsoDate(asOf, 'asOf'),
    );
    return { decision, pack: `${pack.id}@${pack.version}`, registered };
  }

  /** As `refresh`, on the caller's transaction `db` (for other slices: a file change that moves a member). */
  async refreshIn(db: Database, householdId: string, trigger: Trigger): Promise<HouseholdEvaluation | undefined> {
    return this.refresh(new HouseholdsRepository(db), householdId, trigger);
  }

  /**
   * Re-derives the status and opens or closes a period. An `unknown` status (facts missing) neither opens nor
   * clears a period: the household stays as last decided until the facts are known.
   */
  async refresh(repo: HouseholdsRepository, householdId: string, trigger: Trigger): Promise<HouseholdEvaluation | undefined> {
    const household = await repo.byId(householdId, true);
    if (!household) return undefined;
    const members = await repo.members(householdId);
    const evaluation = await this.evaluate(repo, household, members);
    const status = evaluation.decision.zeroEmployment;
    const open = await repo.openPeriod(householdId);
    const first = evaluation.decision.explanations[0];
    const note = { ...trigger, pack: evaluation.pack, clause: first?.source ?? null, text: first?.text ?? null, textEn: first?.textEn ?? null };
    if (status === true && !open) await repo.openNewPeriod(householdId, household.jurisdictionCode, note, this.clock.now());
    if (status === false && open) await repo.closePeriod(householdId, open.id, note, this.clock.now());
    if (household.zeroEmployment !== String(status)) await repo.update(householdId, { zeroEmployment: String(status) });
    return evaluation;
  }
}
