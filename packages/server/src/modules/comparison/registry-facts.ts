/**
 * The registry's facts a run compares against, read through the repository and decrypted here (plaintext only in
 * memory): the registrants of a jurisdiction for the DuckDB join, the files of listed persons, the candidates of the
 * hardship check. The finding builders (`findings.ts`) take them as plain values.
 */
import type { FieldCipher } from '../../security/field-cipher.ts';
import { normalizeIdNumber } from '../../security/field-cipher.ts';
import type { ComparisonRepository } from './comparison.repository.ts';
import type { PersonFacts } from './registry.repository.ts';
import type { ListedPerson, Registrant } from './engine.ts';
import type { HardshipFacts, ListedWithFacts } from './findings.ts';

/** Ranges of person ids the registrants are read in (of the 16 first hex digits of the uuid). */
const REGISTRANT_RANGES = 8;
/** The shortest "registered without benefit" duration a rule pack may set (`assistance.referralLongTermMonths`). */
const MIN_REFERRAL_MONTHS = 1;

export class RegistryFacts {
  constructor(
    private readonly repo: ComparisonRepository,
    private readonly cipher: FieldCipher,
  ) {}

  /**
   * Registrants of the run's jurisdiction, decrypted range by range (plaintext only in memory, for the join). The
   * uuid space is walked in 8 ranges of the first hex digit; the next range is queried while this one is decrypted.
   */
  async *registrants(within: string): AsyncGenerator<Registrant[]> {
    const bound = (i: number) => (i >= REGISTRANT_RANGES ? null : `${((i * 16) / REGISTRANT_RANGES).toString(16)}0000000-0000-0000-0000-000000000000`);
    const query = (i: number) => {
      const p = this.repo.registry.registrantsRange(within, bound(i)!, bound(i + 1));
      p.catch(() => undefined); // awaited below; no unhandled rejection if the consumer stops first
      return p;
    };
    let next = query(0);
    for (let i = 0; i < REGISTRANT_RANGES; i++) {
      const page = await next;
      if (i + 1 < REGISTRANT_RANGES) next = query(i + 1);
      yield page.map((r) => ({
        personId: r.person_id,
        registrationId: r.registration_id,
        kind: r.kind,
        registeredOn: r.registered_on,
        jurisdictionCode: r.jurisdiction_code,
        idNumber: normalizeIdNumber(this.cipher.decrypt(r.id_number_enc)),
      }));
    }
  }

  /** Listed persons by the blind index of their ID number (one per person), with their file's facts if any. */
  async listed(persons: readonly ListedPerson[]): Promise<{ byBidx: Map<string, ListedWithFacts>; known: number }> {
    const bidxOf = new Map<string, ListedPerson>();
    for (const p of persons) bidxOf.set(this.cipher.blindIndex('id_number', normalizeIdNumber(p.idNumber)), p);
    const facts = new Map<string, PersonFacts>();
    const keys = [...bidxOf.keys()];
    for (let i = 0; i < keys.length; i += 1000) for (const f of await this.repo.registry.personsByBidx(keys.slice(i, i + 1000))) facts.set(f.id_number_bidx, f);
    const byBidx = new Map<string, ListedWithFacts>();
    for (const [bidx, person] of bidxOf) byBidx.set(bidx, { person, bidx, known: facts.get(bidx) });
    return { byBidx, known: facts.size };
  }

  /** Candidates of the hardship check (R7.4) of a jurisdiction, their recorded income decrypted. */
  async hardshipCandidates(within: string, asOf: string): Promise<HardshipFacts[]> {
    return (await this.repo.registry.hardshipRegistrants(within, asOf, MIN_REFERRAL_MONTHS)).map(({ income_enc, ...r }) => ({ ...r, monthlyIncome: income_enc === null ? null : Number(this.cipher.decrypt(income_enc)) }));
  }
}
