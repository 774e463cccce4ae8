import type { ReactNode } from 'react';
import { canAccess, type PageKey } from '../access.ts';
import { useUser } from '../state/session.tsx';
import { NotPermitted } from './NotPermitted.tsx';

/** Renders a page only for the roles `access.ts` gives it to. */
export function Guard({ page, children }: { page: PageKey; children: ReactNode }) {
  const user = useUser();
  return canAccess(user.role, page) ? <>{children}</> : <NotPermitted />;
}
