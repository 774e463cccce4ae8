/**
 * Policy evaluation (issue 14), rules only: every policy in force for 1,000,000 × scale synthetic persons across four
 * regions (the evaluation part of the nightly refresh; the issue's whole-refresh target is ≤ 60 s on PostgreSQL,
 * which also loads the facts), and one person's policies (p95; target ≤ 50 ms including the database read).
 * The database side (loading fact rows, candidates for a province) is not measured here yet.
 */
import { performance } from 'node:perf_hooks';
import { PolicyCatalogue, evaluatePolicy, policyVerdict, type PolicyFacts } from '../packages/rules/src/index.ts';
import { peakRssMiB, type Bench, type BenchResult } from './types.ts';
import { rng } from './rules.bench.ts';

const JURISDICTIONS = ['150102001001', '411002001001', '500101001001', '410102001001'];
const AS_OF = '2025-10-20';
const MARK_MIX = ['difficulty', 'zero_employment_family', 'graduate_unemployed', 'veteran', 'migrant_worker', 'poverty_alleviated', 'disabled', 'older'];
const STATUS_MIX = ['unemployed', 'unemployed', 'unemployed', 'employed', 'flexible', 'self_employed'];

const bench: Bench = {
  name: 'policies',
  async run({ scale }) {
    const n = Math.max(1000, Math.round(1_000_000 * scale));
    const catalogue = PolicyCatalogue.builtIn();
    const inForce = JURISDICTIONS.map((j) => catalogue.inForce(j, AS_OF));
    const random = rng(20251020);
    const people: PolicyFacts[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const marks = new Set<string>();
      if (random() < 0.3) marks.add(MARK_MIX[Math.floor(random() * MARK_MIX.length)]!);
      const age = 16 + Math.floor(random() * 45);
      people[i] = {
        sex: random() < 0.5 ? 'male' : 'female',
        ageYears: age,
        marks,
        registered: random() < 0.8,
        registrationKind: random() < 0.9 ? 'unemployment' : 'job_seeking',
        registeredMonths: Math.floor(random() * 24),
        monthsToRetirement: Math.max(0, (60 - age) * 12),
        employmentStatus: STATUS_MIX[Math.floor(random() * STATUS_MIX.length)]!,
        ...(random() < 0.3 ? { trainingCompleted: true } : {}),
        ...(random() < 0.5 ? { education: 'bachelor', monthsSinceGraduation: Math.floor(random() * 48) } : {}),
      };
    }
    for (let i = 0; i < Math.min(n, 20_000); i++) for (const p of inForce[i & 3]!) policyVerdict(p, people[i]!);

    const counts = { qualifies: 0, nearly: 0, not: 0 };
    let evaluations = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      for (const p of inForce[i & 3]!) {
        counts[policyVerdict(p, people[i]!)]++;
        evaluations++;
      }
    }
    const allMs = performance.now() - t0;

    const samples: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const s = performance.now();
      for (const p of catalogue.inForce(JURISDICTIONS[i & 3]!, AS_OF)) evaluatePolicy(p, people[i]!);
      samples.push(performance.now() - s);
    }
    samples.sort((a, b) => a - b);
    const p95 = samples[Math.floor(samples.length * 0.95)]!;
    const results: BenchResult[] = [
      { name: `evaluate all policies in force for ${n.toLocaleString('en')} persons (verdicts, rules only, 1 core)`, value: Math.round(allMs) / 1000, unit: 's', target: '≤ 60 s whole refresh (1M)', ok: allMs * (1_000_000 / n) < 60_000, notes: `${evaluations.toLocaleString('en')} evaluations: ${counts.qualifies} qualify, ${counts.nearly} nearly, ${counts.not} not` },
      { name: "one person's policies (resolve catalogue + evaluate, rules only) p95", value: Math.round(p95 * 1000) / 1000, unit: 'ms', target: '≤ 50 ms with the database read', ok: p95 < 50 },
      { name: 'peak RSS', value: await peakRssMiB(), unit: 'MiB' },
    ];
    return results;
  },
};

export default bench;
