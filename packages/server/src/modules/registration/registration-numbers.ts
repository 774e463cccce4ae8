/**
 * Registration numbers (登记编号): registering division code + year + 6-digit serial, from one counter per
 * division and year. Used by counter registration and bulk import alike, so both issue numbers from one sequence.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { registrationCounters } from '../../db/schema-registration.ts';

export function formatRegistrationNo(divisionCode: string, year: number, serial: number): string {
  return `${divisionCode}${year}${String(serial).padStart(6, '0')}`;
}

/**
 * Reserves `count` consecutive serials for a division and year and returns the first. Race-free: the upsert's
 * row lock serialises concurrent transactions (no cross-shard FOR UPDATE).
 */
export async function reserveSerials(tx: Database, divisionCode: string, year: number, count: number): Promise<number> {
  const rows = await tx
    .insert(registrationCounters)
    .values({ divisionCode, year, lastSerial: count })
    .onConflictDoUpdate({
      target: [registrationCounters.divisionCode, registrationCounters.year],
      set: { lastSerial: sql`${registrationCounters.lastSerial} + ${count}` },
    })
    .returning({ last: registrationCounters.lastSerial });
  const last = rows[0]?.last;
  if (last === undefined) throw new Error('registration counter returned no row');
  return last - count + 1;
}
