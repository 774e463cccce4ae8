// Persons and registrations made through the API for a browser test's set-up.
import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { residentIdCheckChar } from '@bangfu/rules';
import type { ApiSession } from './api.ts';

/**
 * A valid resident ID number (GB 11643-1999) in `address` (6 digits): of someone born on `birth`, or on a random day
 * of 1985–1994 (two calls then hardly ever collide); random order code.
 */
export function freshIdNumber(birth?: string, address = '150102'): string {
  const born = birth?.replaceAll('-', '') ?? `${randomInt(1985, 1995)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}`;
  const first17 = `${address}${born}${String(randomInt(500, 999))}`;
  return first17 + residentIdCheckChar(first17);
}

/** Creates an unemployed person living in `community` (found on a visit); answers the person's id. */
export async function createPerson(api: ApiSession, person: { name: string; community: string; idNumber: string }): Promise<string> {
  const created = await api.post<{ file: { id: string } }>('/api/v1/persons', {
    idNumber: person.idNumber,
    name: person.name,
    residence: { code: person.community },
    employmentStatus: 'unemployed',
    source: 'visit',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.file.id;
}

/** Registers the person as unemployed on `registeredOn` under the current commitment; answers the response body. */
export async function registerUnemployed<T = unknown>(api: ApiSession, personId: string, registeredOn: string, extra: Record<string, unknown> = {}): Promise<T> {
  const commitment = (await api.get<{ current: { version: string } }>('/api/v1/registration-commitment')).body.current.version;
  const reg = await api.post<T>(`/api/v1/persons/${personId}/registrations`, {
    placeBasis: 'residence',
    registeredOn,
    unemploymentReason: 'contract_ended',
    skills: [],
    intention: 'employment',
    marks: [],
    commitment: { version: commitment },
    ...extra,
  });
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  return reg.body;
}
