/**
 * Nightly-job hot path: tier + obligations + follow-up for 1,000,000 × scale synthetic registrants on one core,
 * through `evaluateSnapshot` (the batch fast path of @bangfu/rules). Target from the issue: < 10 s for 1M.
 */
import { performance } from 'node:perf_hooks';
import { PackRegistry, calendarForPack, evaluateSnapshot, newSnapshotResult, packService, toEpochDay, SNAPSHOT_FLAGS, type PersonSnapshot, type ServiceType } from '../packages/rules/src/index.ts';
import { peakRssMiB, type Bench, type BenchResult } from './types.ts';

/** Deterministic PRNG (mulberry32) so every run measures the same population. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICE_MIX: ServiceType[] = ['job_recommendation', 'job_recommendation', 'job_recommendation', 'career_guidance', 'training_recommendation', 'policy_briefing', 'registration_service', 'information_service', 'policy_service', 'business_service', 'follow_up'];
const JURISDICTIONS = ['150102000000', '411002001000', '500101000000', '410102000000'];
const AS_OF = '2025-10-20';

const bench: Bench = {
  name: 'rules',
  async run({ scale }) {
    const n = Math.max(1000, Math.round(1_000_000 * scale));
    const registry = PackRegistry.builtIn();
    const packs = JURISDICTIONS.map((j) => registry.resolve(j, AS_OF));
    const calendars = packs.map((p) => calendarForPack(p));
    const asOfDay = toEpochDay({ year: 2025, month: 10, day: 20 });
    const random = rng(20250625);

    const g0 = performance.now();
    const people: PersonSnapshot[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const reg = asOfDay - Math.floor(random() * 720);
      const k = Math.floor(random() * 9);
      const services: number[] = new Array(k);
      for (let s = 0; s < k; s++) services[s] = packService(SERVICE_MIX[Math.floor(random() * SERVICE_MIX.length)]!, reg + Math.floor(random() * (asOfDay - reg + 1)));
      const r = random();
      const status = r < 0.8 ? 0 : r < 0.9 ? 2 : 1; // unemployed, employed, flexible (EMPLOYMENT_STATUSES order)
      const flags = (random() < 0.15 ? SNAPSHOT_FLAGS.difficulty : 0) | (random() < 0.3 ? SNAPSHOT_FLAGS.trainingNeed : 0) | (random() < 0.2 ? SNAPSHOT_FLAGS.keyGroupMark : 0);
      people[i] = { registeredOn: reg, status, flags, employedSince: status === 0 ? -1 : reg + Math.floor(random() * (asOfDay - reg + 1)), lastContact: random() < 0.7 ? asOfDay - Math.floor(random() * 120) : -1, services };
    }
    const generateMs = performance.now() - g0;

    // Warm-up (JIT, compiled packs, working-day deadline caches), then the timed pass.
    const out = newSnapshotResult();
    for (let i = 0; i < Math.min(n, 20_000); i++) evaluateSnapshot(people[i]!, packs[i & 3]!, calendars[i & 3]!, asOfDay, out);
    let long = 0;
    let overdue = 0;
    let followUpOverdue = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const r = evaluateSnapshot(people[i]!, packs[i & 3]!, calendars[i & 3]!, asOfDay, out);
      if (r.tier === 2) long++;
      overdue += r.obligationsOverdue;
      if (r.followUpOverdue) followUpOverdue++;
    }
    const ms = performance.now() - t0;
    const perMillionS = (ms / n) * 1_000_000 / 1000;
    const results: BenchResult[] = [
      { name: `tier+obligations+follow-up, ${n.toLocaleString('en')} registrants`, value: Math.round(ms), unit: 'ms', target: `< ${Math.round(10_000 * scale)} ms`, ok: ms < 10_000 * scale, notes: `one core; 4 packs round-robin; long-term ${long}, overdue obligations ${overdue}, overdue follow-ups ${followUpOverdue}` },
      { name: 'per registrant', value: Math.round((ms * 1e6) / n), unit: 'ns' },
      { name: 'extrapolated to 1M', value: Math.round(perMillionS * 100) / 100, unit: 's', target: '< 10 s', ok: perMillionS < 10 },
      { name: 'snapshot generation (not timed above)', value: Math.round(generateMs), unit: 'ms' },
      { name: 'peak RSS', value: await peakRssMiB(), unit: 'MiB' },
    ];
    return results;
  },
};

export default bench;
