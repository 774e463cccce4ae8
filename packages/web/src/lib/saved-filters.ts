// Saved filters of the persons list, kept in localStorage per user (nothing about them goes to the server).
export interface PersonFilter {
  q?: string;
  mark?: string;
  status?: string;
}

export interface SavedFilter {
  name: string;
  filter: PersonFilter;
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

const key = (userId: string) => `bangfu.personFilters.${userId}`;

function isFilter(v: unknown): v is PersonFilter {
  if (typeof v !== 'object' || v === null) return false;
  return Object.entries(v).every(([k, x]) => ['q', 'mark', 'status'].includes(k) && typeof x === 'string');
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
  for (const k of ['q', 'mark', 'status'] as const) {
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
