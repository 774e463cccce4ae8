// The one place that maps roles to menu entries and pages. Pages check `canAccess`; the layout builds its menu from
// `menuFor`. The server enforces scope on every call regardless: this only keeps the UI from offering what a role
// cannot use.
import type { Role } from './api/types.ts';
import type { MessageKey } from './locales/index.ts';

export type PageKey =
  | 'home'
  | 'persons'
  | 'person'
  | 'personNew'
  | 'register'
  | 'worklist'
  | 'imports'
  | 'offices'
  | 'audit'
  | 'evaluate'
  | 'myFile';

const STAFF: readonly Role[] = ['caseworker', 'operator', 'supervisor', 'admin'];
// Mirrors the server's grants (packages/server/src/access/roles.ts): person.write and registration.write.
const FRONT_DESK: readonly Role[] = ['caseworker', 'operator'];

const PAGE_ROLES: Record<PageKey, readonly Role[]> = {
  // Dashboards for everyone who works on a jurisdiction (partners and employers see counts only).
  home: ['caseworker', 'operator', 'supervisor', 'admin', 'partner', 'employer'],
  persons: STAFF,
  person: STAFF,
  personNew: FRONT_DESK,
  register: FRONT_DESK,
  // registration.read: the worklist of registrations and first-contact deadlines.
  worklist: ['caseworker', 'operator', 'supervisor'],
  // import.write: upload, map and start (supervisors may read jobs through the API but not run them).
  imports: FRONT_DESK,
  // org.read: offices and their QR codes for the online registration entry.
  offices: STAFF,
  // docs/api.md: GET /api/v1/audit is for admin and supervisor.
  audit: ['supervisor', 'admin'],
  // docs/api.md: POST /api/v1/evaluate is for operator, supervisor and admin.
  evaluate: ['operator', 'supervisor', 'admin'],
  // A citizen sees only their own file.
  myFile: ['citizen'],
};

export interface MenuEntry {
  key: Exclude<PageKey, 'person' | 'personNew' | 'register'>;
  path: string;
  label: MessageKey;
}

const MENU: readonly MenuEntry[] = [
  { key: 'home', path: '/', label: 'menu.home' },
  { key: 'myFile', path: '/me', label: 'menu.myFile' },
  { key: 'persons', path: '/persons', label: 'menu.persons' },
  { key: 'worklist', path: '/worklist', label: 'menu.worklist' },
  { key: 'imports', path: '/imports', label: 'menu.imports' },
  { key: 'offices', path: '/offices', label: 'menu.offices' },
  { key: 'evaluate', path: '/evaluate', label: 'menu.evaluate' },
  { key: 'audit', path: '/audit', label: 'menu.audit' },
];

export function canAccess(role: Role, page: PageKey): boolean {
  return PAGE_ROLES[page].includes(role);
}

export function menuFor(role: Role): MenuEntry[] {
  return MENU.filter((entry) => canAccess(role, entry.key));
}

/** Where a user lands after login (or when opening a page their role does not have). */
export function landingPath(role: Role): string {
  return role === 'citizen' ? '/me' : '/';
}

/** Roles that work on a jurisdiction subtree and so get the jurisdiction picker. */
export function usesJurisdictionPicker(role: Role): boolean {
  return role !== 'citizen';
}

// The server grants `person.reveal` to these roles (admin administers, it does not read full ID numbers).
const REVEAL: readonly Role[] = ['caseworker', 'operator', 'supervisor'];

/** Roles offered the "show full details" action; the server audits the reason and may still refuse it. */
export function canReveal(role: Role): boolean {
  return REVEAL.includes(role);
}

/** The menu entry highlighted for a location (a person page belongs to "persons"). */
export function menuKeyForPath(pathname: string): MenuEntry['key'] | undefined {
  const match = MENU.filter((e) => e.path !== '/' && (pathname === e.path || pathname.startsWith(`${e.path}/`)));
  if (match[0]) return match[0].key;
  return pathname === '/' ? 'home' : undefined;
}

/** Actions inside pages, by the permission the server checks for them (roles.ts grants). */
export type ActionKey =
  | 'person.write'
  | 'person.merge'
  | 'person.deletionRequest'
  | 'household.read'
  | 'registration.read'
  | 'registration.write';

const ACTION_ROLES: Record<ActionKey, readonly Role[]> = {
  'person.write': FRONT_DESK,
  'person.merge': ['operator'],
  'person.deletionRequest': ['citizen', 'caseworker', 'operator'],
  'household.read': ['caseworker', 'operator', 'supervisor'],
  'registration.read': ['caseworker', 'operator', 'supervisor'],
  'registration.write': FRONT_DESK,
};

export function canDo(role: Role, action: ActionKey): boolean {
  return ACTION_ROLES[action].includes(role);
}
