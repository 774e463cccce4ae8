import { useEffect, useState } from 'react';
import { ApiError } from '../api/client.ts';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'error'; error: ApiError | Error }
  | { state: 'ready'; data: T };

/**
 * Runs an API call whenever `deps` change, aborting the previous one, so a slow answer for an old jurisdiction or
 * page never overwrites a newer one.
 */
export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): [Loadable<T>, () => void] {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setResult({ state: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ state: 'ready', data });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setResult({ state: 'error', error: err instanceof Error ? err : new Error(String(err)) });
      },
    );
    return () => controller.abort();
  }, [...deps, attempt]);
  return [result, () => setAttempt((n) => n + 1)];
}

export function isNotPermitted(error: unknown): boolean {
  return error instanceof ApiError && error.notPermitted;
}
