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
  | 'assistance'
  | 'zeroEmployment'
  | 'posts'
  | 'employers'
  | 'postings'
  | 'audit'
  | 'evaluate'
  | 'myFile'
  | 'compliance'
  | 'comparison'
  | 'messages'
  | 'policies'
  | 'subsidies';

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
  // assistance.read (recognition, notices, candidates, plans) and post.read: caseworker, operator, supervisor.
  assistance: ['caseworker', 'operator', 'supervisor'],
  zeroEmployment: ['caseworker', 'operator', 'supervisor'],
  posts: ['caseworker', 'operator', 'supervisor'],
  // employer.read / job.read: staff of the area; an employer account its own employer and postings.
  employers: ['caseworker', 'operator', 'supervisor', 'employer'],
  postings: ['caseworker', 'operator', 'supervisor', 'employer'],
  // compliance.read: rates per child jurisdiction and the people behind them.
  compliance: ['operator', 'supervisor'],
  // comparison.upload (operator, partner), comparison.read (caseworker, operator, supervisor).
  comparison: ['caseworker', 'operator', 'supervisor', 'partner'],
  // messages.read (operator, supervisor): outbox, counts, sink, templates, letters; caseworkers: their daily digests.
  messages: ['caseworker', 'operator', 'supervisor'],
  // roles.ts: policy.read (catalogue, candidates) for caseworker, operator, supervisor; subsidy.apply for the front desk.
  policies: ['caseworker', 'operator', 'supervisor'],
  subsidies: FRONT_DESK,
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
  { key: 'assistance', path: '/assistance', label: 'menu.assistance' },
  { key: 'zeroEmployment', path: '/zero-employment', label: 'menu.zeroEmployment' },
  { key: 'posts', path: '/posts', label: 'menu.posts' },
  { key: 'postings', path: '/postings', label: 'menu.postings' },
  { key: 'employers', path: '/employers', label: 'menu.employers' },
  { key: 'policies', path: '/policies', label: 'menu.policies' },
  { key: 'subsidies', path: '/subsidies', label: 'menu.subsidies' },
  { key: 'imports', path: '/imports', label: 'menu.imports' },
  { key: 'compliance', path: '/compliance', label: 'menu.compliance' },
  { key: 'comparison', path: '/comparison', label: 'menu.comparison' },
  { key: 'offices', path: '/offices', label: 'menu.offices' },
  { key: 'evaluate', path: '/evaluate', label: 'menu.evaluate' },
  { key: 'audit', path: '/audit', label: 'menu.audit' },
  { key: 'messages', path: '/messages', label: 'menu.messages' },
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
  | 'assistance.apply'
  | 'assistance.precheck'
  | 'assistance.review'
  | 'assistance.recognise'
  | 'assistance.plan'
  | 'post.write'
  | 'post.place'
  | 'post.supervise'
  | 'referral.write'
  | 'household.read'
  | 'registration.read'
  | 'registration.write'
  | 'service.read'
  | 'service.write'
  | 'comparison.read'
  | 'comparison.runs'
  | 'comparison.upload'
  | 'comparison.review'
  | 'employer.write'
  | 'employer.activate'
  | 'job.write'
  | 'job.review'
  | 'job.match'
  | 'job.recommend'
  | 'job.result'
  | 'policy.push'
  | 'subsidy.review'
  | 'subsidy.pay'
  | 'messages.manage';

const ACTION_ROLES: Record<ActionKey, readonly Role[]> = {
  'person.write': FRONT_DESK,
  'person.merge': ['operator'],
  'person.deletionRequest': ['citizen', 'caseworker', 'operator'],
  'household.read': ['caseworker', 'operator', 'supervisor'],
  'registration.read': ['caseworker', 'operator', 'supervisor'],
  'registration.write': FRONT_DESK,
  // roles.ts: assistance.apply/precheck/plan for the front desk; review and recognition (after the notice) for
  // operators; posts are registered and filled by operators, complaints investigated by operators and supervisors.
  'assistance.apply': FRONT_DESK,
  'assistance.precheck': FRONT_DESK,
  'assistance.review': ['operator'],
  'assistance.recognise': ['operator'],
  'assistance.plan': FRONT_DESK,
  'post.write': ['operator'],
  'post.place': ['operator'],
  'post.supervise': ['operator', 'supervisor'],
  // roles.ts: referral.write (referrals to civil affairs, responses, 低保 employment) for the front desk.
  'referral.write': FRONT_DESK,
  // roles.ts: service.read for caseworker, operator and supervisor; service.write for the front desk.
  'service.read': ['caseworker', 'operator', 'supervisor'],
  'service.write': FRONT_DESK,
  'comparison.read': ['caseworker', 'operator', 'supervisor'],
  // roles.ts: comparison.runs — partners see the runs they uploaded (not findings).
  'comparison.runs': ['caseworker', 'operator', 'supervisor', 'partner'],
  'comparison.upload': ['operator', 'partner'],
  'comparison.review': FRONT_DESK,
  // roles.ts (issue 13): employers and postings for the front desk and employer accounts; review and activation by
  // operators; matching for staff; results by staff, the employer (its referrals) and the citizen (own).
  'employer.write': ['caseworker', 'operator', 'employer'],
  'employer.activate': ['operator'],
  'job.write': ['caseworker', 'operator', 'employer'],
  'job.review': ['operator'],
  'job.match': ['caseworker', 'operator', 'supervisor'],
  'job.recommend': FRONT_DESK,
  'job.result': ['caseworker', 'operator', 'employer', 'citizen'],
  // roles.ts: pushing policies, reviewing subsidies (maker–checker) and payment batches are operators' work.
  'policy.push': ['operator'],
  'subsidy.review': ['operator'],
  'subsidy.pay': ['operator'],
  // roles.ts: messages.manage (resend, wordings, letter batches, deliver now) for operators.
  'messages.manage': ['operator'],
};

export function canDo(role: Role, action: ActionKey): boolean {
  return ACTION_ROLES[action].includes(role);
}
