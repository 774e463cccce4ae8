import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, setCsrfToken, setUnauthorizedHandler } from '../api/client.ts';
import { auth } from '../api/endpoints.ts';
import type { Me, Session } from '../api/types.ts';

type Status = 'loading' | 'anonymous' | 'authenticated';

interface SessionState {
  status: Status;
  user: Me | null;
  /** Set when the server ended the session under our feet (401 on a normal call). */
  expired: boolean;
  /** The error of the initial `me` call when it was not a plain 401 (server down…), so the UI can offer a retry. */
  loadError: ApiError | null;
  login(username: string, password: string): Promise<Me>;
  /** Starts the session another sign-in call answered (citizen signup and ID-number sign-in). */
  adopt(session: Session): Me;
  logout(): Promise<void>;
  reload(): void;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [user, setUser] = useState<Me | null>(null);
  const [expired, setExpired] = useState(false);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);

  const accept = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setUser(session.user);
    setExpired(false);
    setLoadError(null);
    setStatus('authenticated');
  }, []);

  const drop = useCallback(() => {
    setCsrfToken(null);
    setUser(null);
    setStatus('anonymous');
  }, []);

  useEffect(() => {
    let live = true;
    auth
      .me()
      .then((session) => live && accept(session))
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status !== 401) setLoadError(err);
        drop();
      });
    return () => {
      live = false;
    };
  }, [accept, drop, attempt]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setExpired(true);
      drop();
    });
    return () => setUnauthorizedHandler(null);
  }, [drop]);

  const login = useCallback(
    async (username: string, password: string) => {
      const session = await auth.login(username, password);
      accept(session);
      return session.user;
    },
    [accept],
  );

  const adopt = useCallback(
    (session: Session) => {
      accept(session);
      return session.user;
    },
    [accept],
  );

  const logout = useCallback(async () => {
    try {
      await auth.logout();
    } finally {
      // The local session ends even if the server could not be reached.
      setExpired(false);
      drop();
    }
  }, [drop]);

  const reload = useCallback(() => {
    setStatus('loading');
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<SessionState>(
    () => ({ status, user, expired, loadError, login, adopt, logout, reload }),
    [status, user, expired, loadError, login, adopt, logout, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** For pages under the authenticated layout, where a user is guaranteed. */
export function useUser(): Me {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
