// Saved filters of the persons list, kept in localStorage per user (nothing about them goes to the server).
/** The persons-list filters a saved filter may hold (the same names as the URL parameters and the API's). */
export const PERSON_FILTER_KEYS = ['q', 'mark', 'status', 'tier', 'level'] as const;
export type PersonFilterKey = (typeof PERSON_FILTER_KEYS)[number];
export type PersonFilter = Partial<Record<PersonFilterKey, string>>;

export interface SavedFilter {
  name: string;
  filter: PersonFilter;
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

const key = (userId: string) => `bangfu.personFilters.${userId}`;

function isFilter(v: unknown): v is PersonFilter {
  if (typeof v !== 'object' || v === null) return false;
  return Object.entries(v).every(([k, x]) => (PERSON_FILTER_KEYS as readonly string[]).includes(k) && typeof x === 'string');
}

/** The user's saved filters; a damaged entry in storage is dropped rather than breaking the page. */
export function loadFilters(storage: Storage, userId: string): SavedFilter[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(key(userId)) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (x): x is SavedFilter =>
        typeof x === 'object' && x !== null && typeof (x as SavedFilter).name === 'string' && isFilter((x as SavedFilter).filter),
    );
  } catch {
    return [];
  }
}

/** Saves under `name`, replacing a filter of the same name; empty values are not stored. */
export function saveFilter(storage: Storage, userId: string, name: string, filter: PersonFilter): SavedFilter[] {
  const clean: PersonFilter = {};
  for (const k of PERSON_FILTER_KEYS) {
    const v = filter[k]?.trim();
    if (v) clean[k] = v;
  }
  const next = [...loadFilters(storage, userId).filter((f) => f.name !== name), { name, filter: clean }];
  storage.setItem(key(userId), JSON.stringify(next));
  return next;
}

export function deleteFilter(storage: Storage, userId: string, name: string): SavedFilter[] {
  const next = loadFilters(storage, userId).filter((f) => f.name !== name);
  storage.setItem(key(userId), JSON.stringify(next));
  return next;
}
