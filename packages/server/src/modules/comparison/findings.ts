/**
 * Finding builders (R7.2–R7.5): pure functions from what a run matched, the registry's facts and the rule pack in
 * force to findings with their evidence, criteria, pack and clause. No IO and no clock: "as of" is a parameter,
 * facts arrive read and decrypted (the runner gathers them), and the one secret a finding stores (the ID number of
 * someone without a file) is sealed by the function the caller passes.
 */
import { createHash } from 'node:crypto';
import {
  ageOn,
  assessRetirement,
  evaluateDeregistration,
  evaluateDifficulty,
  hardshipCriteria,
  maskIdNumber,
  parseIsoDate,
  RETIREMENT_CATEGORIES,
  type DeregistrationReason,
  type Mark,
  type PackRegistry,
  type RetirementCategory,
} from '@bangfu/rules';
import { covers, NATION_CODE } from '../../access/scope.ts';
import { normalizeIdNumber } from '../../security/field-cipher.ts';
import type { NewFinding } from './comparison.repository.ts';
import type { PersonFacts } from './registry.repository.ts';
import { DATASETS, type DatasetKind } from './datasets.ts';
import type { EmployerRow, ListedPerson, VerificationMatch } from './engine.ts';

/** What a builder needs of its run. */
export interface RunRef {
  readonly id: string;
  readonly fileName: string | null;
  readonly jurisdictionCode: string;
}

/** A registration in hardship as the registry reads it, its recorded monthly income decrypted (null: none). */
export interface HardshipFacts {
  readonly person_id: string;
  readonly registration_id: string;
  readonly jurisdiction_code: string;
  readonly registered_on: string;
  readonly zero_employment: string | null;
  readonly ui_benefit_eligible: string | null;
  readonly id_number_bidx: string;
  readonly monthlyIncome: number | null;
}

export interface RegistrationRef {
  readonly person_id: string;
  readonly registration_id: string;
  readonly jurisdiction_code: string;
  readonly registered_on: string;
}

export interface StaleFacts extends RegistrationRef {
  readonly last_update: string;
}

/** A person of a list with the blind index of their ID number and, when they have a file, its facts. */
export interface ListedWithFacts {
  readonly person: ListedPerson;
  readonly bidx: string;
  readonly known: PersonFacts | undefined;
}

/** Employment statuses that take a listed person out of discovery (the file says they are not looking). */
const NOT_LOOKING = ['employed', 'self_employed', 'student', 'military', 'retired', 'unable'];

/** A stable pseudo person id for someone on a list who has no file yet (so re-runs find the same finding). */
export function pseudoPersonId(bidx: string): string {
  const h = createHash('sha256').update(`bangfu comparison subject\u0000${bidx}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type DeregistrationRule = { allowed: boolean | 'unknown'; source: string | null; pack: string };

/** The pack's deregistration rule, memoised for one batch (thousands of findings share a few packs). */
function deregistrationRules(registry: PackRegistry): (jurisdiction: string, on: string, reason: DeregistrationReason) => DeregistrationRule {
  const memo = new Map<string, DeregistrationRule>();
  return (jurisdiction, on, reason) => {
    const key = `${jurisdiction}|${on}|${reason}`;
    let r = memo.get(key);
    if (!r) {
      const pack = registry.resolve(jurisdiction, on);
      const d = evaluateDeregistration({ reason }, pack);
      memo.set(key, (r = { allowed: d.allowed, source: d.source, pack: `${pack.id}@${pack.version}` }));
    }
    return r;
  };
}

/** Status verification (R7.2): one finding per matched registration (per employer / business for employment). */
export function verificationFindings(run: RunRef, kind: DatasetKind, matches: readonly VerificationMatch[], asOf: string, registry: PackRegistry): NewFinding[] {
  const c = DATASETS[kind].comparison;
  const ruleOf = deregistrationRules(registry);
  return matches.map((m) => {
    const base = { personId: m.personId, runId: run.id, category: 'verification', datasetKind: kind, state: 'pending', jurisdictionCode: m.jurisdictionCode, registrationId: m.registrationId, asOf };
    // Empty cells are left out of the evidence rows (the dataset is the finding's): 12 rows stay small enough
    // for PostgreSQL to store the finding without compressing it.
    const evidence = m.evidence.map((e) => ({ ...Object.fromEntries(Object.entries(e).filter(([, v]) => v !== null && v !== undefined)), file: run.fileName }));
    if (c.type === 'employment') {
      return {
        ...base,
        rule: `verification.${c.reason}`,
        evidenceKey: `${m.registrationId}:${m.key}`,
        proposedAction: {
          type: 'employment_registration',
          employmentType: c.employmentType,
          reason: c.reason,
          // Null when the file names no employer (only a credit code): confirming then asks for the name.
          employerName: m.employerName?.trim() || null,
          employerCreditCode: m.employerCreditCode && /^[0-9A-Z]{18}$/.test(m.employerCreditCode) ? m.employerCreditCode : null,
          startedOn: m.eventOn > asOf ? asOf : m.eventOn,
          months: m.count,
          ...ruleOf(m.jurisdictionCode, asOf, c.reason),
        },
        evidence,
      };
    }
    const reason = c.type === 'deregister' ? c.reason : 'other_statutory';
    const on = m.eventOn < m.registeredOn ? m.registeredOn : m.eventOn > asOf ? asOf : m.eventOn;
    return {
      ...base,
      rule: `verification.${reason}`,
      evidenceKey: m.registrationId,
      proposedAction: { type: 'deregister', reason, on, eventOn: m.eventOn, ...ruleOf(m.jurisdictionCode, on, reason) },
      evidence,
    };
  });
}

/**
 * Discovery (R7.3): listed persons of working age who are not registered, or registered but not recognised while a
 * difficulty category of the pack is met (with the list's mark added). `sealId` encrypts the ID number of someone
 * without a file (their finding must name them).
 */
export function discoveryFindings(run: RunRef, kind: DatasetKind, mark: Mark, listed: Iterable<ListedWithFacts>, asOf: string, registry: PackRegistry, sealId: (idNumber: string) => string): NewFinding[] {
  const findings: NewFinding[] = [];
  const day = parseIsoDate(asOf, 'asOf');
  for (const { person: p, bidx, known } of listed) {
    if (known && !covers(run.jurisdictionCode, known.jurisdiction_code)) continue;
    if (known && NOT_LOOKING.includes(known.employment_status)) continue;
    if (known?.labor_capacity === 'none') continue;
    const birthDate = known?.birth_date ?? `${p.idNumber.slice(6, 10)}-${p.idNumber.slice(10, 12)}-${p.idNumber.slice(12, 14)}`;
    const sex: 'male' | 'female' = known?.sex === 'female' || (!known && Number(p.idNumber[16]) % 2 === 0) ? 'female' : 'male';
    const category = (RETIREMENT_CATEGORIES as readonly string[]).includes(known?.retirement_category ?? '') ? (known!.retirement_category as RetirementCategory) : undefined;
    const age = ageOn(parseIsoDate(birthDate, 'birthDate'), day).years;
    const retirement = assessRetirement({ sex, birthDate, ...(category ? { retirementCategory: category } : {}) }, asOf);
    // Working age: 16 up to statutory retirement (a woman of unknown category counts until it is certain).
    if (age < 16 || retirement.reachedOnAsOf === true) continue;
    const jurisdiction = known?.jurisdiction_code ?? (p.divisionCode && /^\d{12}$/.test(p.divisionCode) && covers(run.jurisdictionCode, p.divisionCode) && p.divisionCode !== NATION_CODE ? p.divisionCode : run.jurisdictionCode);
    // A listed person of no known division in a national run is judged by the national pack (no region assumed).
    const pack = registry.resolve(jurisdiction, asOf);
    const marks = new Set<Mark>([...((known?.marks ?? []) as Mark[]), mark]);
    const decision = evaluateDifficulty(
      {
        sex,
        ageYears: age,
        marks,
        ...(p.grade !== null ? { disabilityGrade: p.grade } : {}),
        ...(known?.registration_kind ? { registrationKind: known.registration_kind } : {}),
        ...(known?.registered_on ? { registeredMonths: Math.max(0, (day.year - Number(known.registered_on.slice(0, 4))) * 12 + day.month - Number(known.registered_on.slice(5, 7))) } : {}),
        ...(known?.zero_employment === 'true' ? { householdZeroEmployment: true } : known?.zero_employment === 'false' ? { householdZeroEmployment: false } : {}),
        ...(known?.urban !== null && known?.urban !== undefined ? { urban: known.urban } : {}),
      },
      pack,
    );
    const criteria = decision.categories.filter((x) => x.met === true).map((x) => ({ id: x.id, nameZh: x.nameZh, nameEn: x.nameEn, source: x.source }));
    const evidence = [{ dataset: kind, file: run.fileName, lines: p.lines.slice(0, 12), name: p.name, divisionCode: p.divisionCode, since: p.since, ...(p.grade !== null ? { grade: p.grade } : {}) }];
    const base = {
      personId: known?.id ?? pseudoPersonId(bidx),
      runId: run.id,
      category: 'discovery',
      datasetKind: kind,
      state: 'pending',
      jurisdictionCode: jurisdiction,
      personKnown: known !== undefined,
      subject: known ? null : { name: p.name, idMasked: maskIdNumber(p.idNumber), idEnc: sealId(normalizeIdNumber(p.idNumber)), bidx },
      criteria,
      evidence,
      asOf,
      registrationId: known?.registration_id ?? null,
    };
    const proposed = { pack: `${pack.id}@${pack.version}`, source: DATASETS[kind].source };
    if (!known?.registration_id) {
      findings.push({ ...base, rule: 'discovery.not_registered', evidenceKey: mark, proposedAction: { type: 'invite_registration', mayQualifyFor: ['unemployment_registration', ...(criteria.length ? ['difficulty_recognition'] : [])], ...proposed } });
    } else if (!marks.has('difficulty') && criteria.length > 0) {
      findings.push({ ...base, rule: 'discovery.not_recognised', evidenceKey: known.registration_id, proposedAction: { type: 'recognise_difficulty', mayQualifyFor: ['difficulty_recognition'], ...proposed } });
    }
  }
  return findings;
}

/** Employers paying the disability-employment fee in the county of disabled registrants: proposed recommendations. */
export function employerFindings(run: RunRef, employers: readonly EmployerRow[], registrants: readonly RegistrationRef[], asOf: string): NewFinding[] {
  const byCounty = new Map<string, EmployerRow[]>();
  for (const e of employers) {
    const county = e.divisionCode.slice(0, 6);
    const list = byCounty.get(county) ?? [];
    if (list.length < 5) list.push(e);
    byCounty.set(county, list);
  }
  const findings: NewFinding[] = [];
  for (const r of registrants) {
    const near = byCounty.get(r.jurisdiction_code.slice(0, 6));
    if (!near?.length) continue;
    const year = Math.max(...near.map((e) => e.year));
    findings.push({
      personId: r.person_id,
      runId: run.id,
      category: 'referral',
      datasetKind: 'tax_disability_fee',
      rule: 'referral.disability_employers',
      evidenceKey: `${r.registration_id}:${year}`,
      proposedAction: { type: 'recommend_employers', service: 'job_recommendation', employers: near.map((e) => ({ name: e.employerName, creditCode: e.employerCreditCode })), source: '残疾人就业保障金征收使用管理办法; R7.1' },
      evidence: near.map((e) => ({ dataset: 'tax_disability_fee', file: run.fileName, line: e.line, employerName: e.employerName, employerCreditCode: e.employerCreditCode, divisionCode: e.divisionCode, year: e.year, amount: e.amount })),
      state: 'pending',
      jurisdictionCode: r.jurisdiction_code,
      registrationId: r.registration_id,
      asOf,
    });
  }
  return findings;
}

/**
 * Referral (R7.4): registrants in hardship by the rules package's `hardshipCriteria` with the pack in force for each
 * person → a proposed referral to civil affairs with the criteria met; for a 低保 list (`notOnList`), only those not
 * on it. One finding per registration whichever run finds it (dataset `registry`: the facts are the registry's).
 */
export function hardshipFindings(run: RunRef, candidates: readonly HardshipFacts[], asOf: string, registry: PackRegistry, notOnList: { bidx: ReadonlySet<string>; file: string } | null): NewFinding[] {
  const findings: NewFinding[] = [];
  const day = parseIsoDate(asOf, 'asOf');
  for (const r of candidates) {
    if (notOnList?.bidx.has(r.id_number_bidx)) continue;
    const pack = registry.resolve(r.jurisdiction_code, asOf);
    const { criteria, longTermMonths, explanation } = hardshipCriteria(
      {
        zeroEmploymentHousehold: r.zero_employment === null ? null : r.zero_employment === 'true',
        registeredOn: parseIsoDate(r.registered_on, 'registeredOn'),
        uiBenefitEligible: r.ui_benefit_eligible === null ? null : r.ui_benefit_eligible === 'true',
        monthlyIncome: r.monthlyIncome,
      },
      day,
      pack,
    );
    if (criteria.length === 0) continue;
    findings.push({
      personId: r.person_id,
      runId: run.id,
      category: 'referral',
      datasetKind: 'registry',
      rule: 'referral.civil_affairs',
      evidenceKey: r.registration_id,
      proposedAction: {
        type: 'referral',
        service: 'referral_civil_affairs',
        // No income, or no one employed in the household: the household's means are for 低保 to assess; long-term
        // unemployment without benefit alone: temporary relief. The caseworker confirms (and may note otherwise).
        referralKind: criteria.some((c) => c.id !== 'long_term_without_benefit') ? 'dibao' : 'temporary_relief',
        toZh: '民政部门（临时救助、低保）',
        toEn: 'civil affairs (temporary relief, dibao)',
        source: 'NM24 一(三); NM22 三(七)',
      },
      criteria: criteria.map((c) => ({ ...c })),
      evidence: [
        {
          dataset: 'registry',
          registeredOn: r.registered_on,
          criteria: criteria.map((c) => c.id),
          zeroEmploymentHousehold: r.zero_employment === 'true',
          uiBenefitEligible: r.ui_benefit_eligible,
          longTermMonths,
          pack: explanation.pack,
          explanation: explanation.text,
          ...(notOnList ? { notOnList: notOnList.file } : {}),
        },
      ],
      state: 'pending',
      jurisdictionCode: r.jurisdiction_code,
      registrationId: r.registration_id,
      asOf,
    });
  }
  return findings;
}

/** Stale files (R7.5): a proposed update of each file with no fact updated for `months`. */
export function staleFindings(run: RunRef, stale: readonly StaleFacts[], months: number, asOf: string): NewFinding[] {
  return stale.map((s) => ({
    personId: s.person_id,
    runId: run.id,
    category: 'stale',
    datasetKind: 'registry',
    rule: 'stale.no_update',
    evidenceKey: `${s.registration_id}:${s.last_update}`,
    proposedAction: { type: 'update_file', months, source: 'NM24 三; XC23 三(四)' },
    evidence: [{ dataset: 'registry', registeredOn: s.registered_on, lastUpdate: s.last_update, months }],
    state: 'pending',
    jurisdictionCode: s.jurisdiction_code,
    registrationId: s.registration_id,
    asOf,
  }));
}
