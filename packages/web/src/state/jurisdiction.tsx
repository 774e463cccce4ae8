import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Me } from '../api/types.ts';

/** The jurisdiction the user is looking at: always inside their own subtree (the picker only offers that). */
export interface PickedJurisdiction {
  code: string;
  name: string;
}

interface JurisdictionState {
  current: PickedJurisdiction;
  setCurrent(next: PickedJurisdiction): void;
}

const JurisdictionContext = createContext<JurisdictionState | null>(null);

const storageKey = (user: Me) => `bangfu.jurisdiction.${user.id}`;

function restore(user: Me): PickedJurisdiction {
  const own = { code: user.jurisdiction.code, name: user.jurisdiction.name };
  try {
    const raw = window.sessionStorage.getItem(storageKey(user));
    if (!raw) return own;
    const parsed: unknown = JSON.parse(raw);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as PickedJurisdiction).code === 'string' &&
      typeof (parsed as PickedJurisdiction).name === 'string'
    ) {
      return parsed as PickedJurisdiction;
    }
  } catch {
    // A damaged entry just means starting from the user's own jurisdiction.
  }
  return own;
}

/** Keyed by the user in the tree above, so a new login starts from that user's own jurisdiction. */
export function JurisdictionProvider({ user, children }: { user: Me; children: ReactNode }) {
  const [current, setCurrentState] = useState<PickedJurisdiction>(() => restore(user));
  const setCurrent = useCallback(
    (next: PickedJurisdiction) => {
      setCurrentState(next);
      try {
        window.sessionStorage.setItem(storageKey(user), JSON.stringify(next));
      } catch {
        // Not remembering the pick across reloads is acceptable.
      }
    },
    [user],
  );
  const value = useMemo(() => ({ current, setCurrent }), [current, setCurrent]);
  return <JurisdictionContext.Provider value={value}>{children}</JurisdictionContext.Provider>;
}

export function useJurisdiction(): JurisdictionState {
  const ctx = useContext(JurisdictionContext);
  if (!ctx) throw new Error('useJurisdiction outside JurisdictionProvider');
  return ctx;
}
