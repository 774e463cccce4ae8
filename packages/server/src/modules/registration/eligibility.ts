/**
 * What the rule pack in force says about registering a person (R2.2–R2.4): eligibility, the job-seeking
 * alternative, the UI benefit, and the decision and first-contact deadlines with their calendar explanations.
 * Pure: the pack registry and "today" are parameters; nothing is read or written.
 */
import {
  RETIREMENT_CATEGORIES,
  RuleInputError,
  ageOn,
  assessRetirement,
  calendarForPack,
  evaluateRegistration,
  evaluateUiBenefit,
  parseIsoDate,
  type Explanation,
  type PackRegistry,
  type RegistrationDecision,
  type ResolvedPack,
  type RetirementCategory,
  type WorkCalendar,
} from '@bangfu/rules';
import { invalid } from './registration.core.ts';
import type { TEligibility, TEligibilityBody } from './registration.contract.ts';
import type { PersonRow } from './registration.repository.ts';

export interface Evaluated {
  readonly pack: ResolvedPack;
  readonly calendar: WorkCalendar;
  readonly decision: RegistrationDecision;
  readonly eligibility: TEligibility;
  readonly deadlineExplanations: Explanation[];
}

function src(p: { source: { doc: string; clause: string } }): string {
  return `${p.source.doc} ${p.source.clause}`;
}

/** The registration and application days of a request (default today), refused when in the future or out of order. */
export function registrationDates(body: { registeredOn?: string | undefined; appliedOn?: string | undefined }, today: string): { registeredOn: string; appliedOn: string } {
  const registeredOn = body.registeredOn ?? today;
  const appliedOn = body.appliedOn ?? registeredOn;
  if (registeredOn > today) throw invalid('body.registeredOn', `登记日期不能晚于今天（${today}）`, `registeredOn must not be after today (${today})`);
  if (appliedOn > registeredOn) throw invalid('body.appliedOn', '申请日期不能晚于登记日期', 'appliedOn must not be after registeredOn');
  return { registeredOn, appliedOn };
}

export function evaluateEligibility(registry: PackRegistry, person: PersonRow, body: TEligibilityBody, jurisdiction: string, registeredOn: string, appliedOn: string): Evaluated {
  const pack = registry.resolve(jurisdiction, registeredOn);
  const calendar = calendarForPack(pack);
  const asOf = parseIsoDate(registeredOn, 'body.registeredOn');
  if (person.birthDate > registeredOn) throw invalid('body.registeredOn', '登记日期早于出生日期', 'registeredOn is before the birth date');
  if (body.pensionSince !== undefined && body.pensionSince < person.birthDate) throw invalid('body.pensionSince', '领取养老金日期早于出生日期', 'pensionSince is before the birth date');
  const category = (RETIREMENT_CATEGORIES as readonly string[]).includes(person.retirementCategory ?? '') ? (person.retirementCategory as RetirementCategory) : undefined;
  const sex = person.sex === 'male' || person.sex === 'female' ? person.sex : undefined;
  const retirement = sex
    ? assessRetirement(
        { sex, birthDate: person.birthDate, ...(category ? { retirementCategory: category } : {}), ...(body.pensionSince ? { pensionSince: body.pensionSince } : {}) },
        registeredOn,
      )
    : undefined;
  const laborCapacity = body.laborCapacity ?? (['full', 'partial', 'none'].includes(person.laborCapacity) ? (person.laborCapacity as 'full' | 'partial' | 'none') : undefined);
  const decision = evaluateRegistration(
    {
      ageYears: ageOn(parseIsoDate(person.birthDate, 'person.birthDate'), asOf).years,
      // With the birth date, an unrecorded sex/category is tried with every retirement category (issue 11).
      birthDate: parseIsoDate(person.birthDate, 'person.birthDate'),
      retirement,
      pensionSince: body.pensionSince ? parseIsoDate(body.pensionSince, 'body.pensionSince') : undefined,
      laborCapacity,
      wantsWork: body.wantsWork,
      // Applying for unemployment registration is itself the declaration of being without work (书面承诺).
      employmentStatus: body.employmentStatus ?? 'unemployed',
      placeBasis: body.placeBasis,
      appliedOn: parseIsoDate(appliedOn, 'body.appliedOn'),
      registeredOn: asOf,
    },
    pack,
    asOf,
    calendar,
  );
  const registered = decision.kind === 'unemployment' && body.kind === 'unemployment';
  const ui = evaluateUiBenefit({ contributionYears: body.contributionYears, involuntaryJobLoss: body.involuntaryJobLoss, registered, wantsWork: body.wantsWork }, pack);
  const p = pack.params.registration;
  const deadlineExplanations = decision.explanations.filter((e) => e.rule === 'registration.decision-deadline' || e.rule === 'registration.first-contact');
  const withCalendar = (from: string, n: number, rule: string, source: string, field: string) => {
    try {
      deadlineExplanations.push(calendar.explain(parseIsoDate(from, field), n, { rule, source, field }));
    } catch (e) {
      if (!(e instanceof RuleInputError && e.code === 'calendar_unknown')) throw e;
    }
  };
  withCalendar(appliedOn, p.decisionWorkingDays.value, 'registration.decision-deadline.calendar', src(p.decisionWorkingDays), 'body.appliedOn');
  withCalendar(registeredOn, p.firstContactWorkingDays.value, 'registration.first-contact.calendar', src(p.firstContactWorkingDays), 'body.registeredOn');
  const eligibility: TEligibility = {
    pack: `${pack.id}@${pack.version}`,
    decision: decision.kind,
    eligible: decision.eligible,
    reasons: decision.reasons,
    missingFacts: decision.missingFacts,
    decisionDeadline: decision.decisionDeadline,
    firstContactDeadline: decision.firstContactDeadline,
    uiBenefit: { eligible: ui.eligible, maxMonths: ui.maxMonths, missingFacts: ui.missingFacts },
    explanations: [...decision.explanations, ...ui.explanations],
  };
  return { pack, calendar, decision, eligibility, deadlineExplanations };
}
