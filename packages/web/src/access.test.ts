import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from './api/types.ts';
import { canAccess, canDo, canReveal, landingPath, menuFor, menuKeyForPath, usesJurisdictionPicker } from './access.ts';

const keys = (role: Role) => menuFor(role).map((e) => e.key);

describe('access', () => {
  it('gives each role its menu (docs/api.md: audit for admin/supervisor, evaluate for operator/supervisor/admin)', () => {
    expect(keys('caseworker')).toEqual(['home', 'persons', 'worklist', 'assistance', 'zeroEmployment', 'posts', 'postings', 'employers', 'policies', 'subsidies', 'imports', 'comparison', 'offices', 'messages']);
    expect(keys('operator')).toEqual(['home', 'persons', 'worklist', 'assistance', 'zeroEmployment', 'posts', 'postings', 'employers', 'policies', 'subsidies', 'imports', 'compliance', 'comparison', 'offices', 'evaluate', 'messages']);
    expect(keys('supervisor')).toEqual(['home', 'persons', 'worklist', 'assistance', 'zeroEmployment', 'posts', 'postings', 'employers', 'policies', 'compliance', 'comparison', 'offices', 'evaluate', 'audit', 'messages']);
    expect(keys('admin')).toEqual(['home', 'persons', 'offices', 'evaluate', 'audit']);
    expect(keys('partner')).toEqual(['home', 'comparison']);
    expect(keys('employer')).toEqual(['home', 'postings', 'employers']);
    expect(keys('citizen')).toEqual(['myFile']);
  });

  it('keeps citizens to their own file', () => {
    expect(canAccess('citizen', 'persons')).toBe(false);
    expect(canAccess('citizen', 'person')).toBe(false);
    expect(canAccess('citizen', 'home')).toBe(false);
    expect(landingPath('citizen')).toBe('/me');
    expect(usesJurisdictionPicker('citizen')).toBe(false);
    expect(canReveal('citizen')).toBe(false);
  });

  it('every menu entry of every role is a page that role may open', () => {
    for (const role of ROLES) {
      for (const entry of menuFor(role)) expect(canAccess(role, entry.key)).toBe(true);
      expect(menuFor(role).length).toBeGreaterThan(0);
    }
  });

  it('offers page actions to the roles the server grants them to', () => {
    expect(ROLES.filter((r) => canDo(r, 'person.merge'))).toEqual(['operator']);
    expect(ROLES.filter((r) => canDo(r, 'registration.write'))).toEqual(['caseworker', 'operator']);
    expect(ROLES.filter((r) => canDo(r, 'person.deletionRequest'))).toEqual(['citizen', 'caseworker', 'operator']);
    expect(canDo('admin', 'household.read')).toBe(false);
    expect(canAccess('supervisor', 'register')).toBe(false);
    expect(canAccess('citizen', 'worklist')).toBe(false);
    // roles.ts: the front desk applies, pre-checks and plans; operators review, recognise and fill posts (maker–checker
    // between users is the server's: these only decide which actions a role is offered).
    expect(ROLES.filter((r) => canDo(r, 'assistance.precheck'))).toEqual(['caseworker', 'operator']);
    expect(ROLES.filter((r) => canDo(r, 'assistance.review'))).toEqual(['operator']);
    expect(ROLES.filter((r) => canDo(r, 'post.place'))).toEqual(['operator']);
    expect(ROLES.filter((r) => canAccess(r, 'posts'))).toEqual(['caseworker', 'operator', 'supervisor']);
    // roles.ts: compliance.read for operator and supervisor; comparison.upload for operator and partner.
    expect(ROLES.filter((r) => canAccess(r, 'compliance'))).toEqual(['operator', 'supervisor']);
    expect(ROLES.filter((r) => canDo(r, 'comparison.upload'))).toEqual(['operator', 'partner']);
    expect(ROLES.filter((r) => canDo(r, 'comparison.review'))).toEqual(['caseworker', 'operator']);
    // comparison.runs: partners follow the runs they uploaded; findings (comparison.read) stay with staff.
    expect(ROLES.filter((r) => canDo(r, 'comparison.runs'))).toEqual(['caseworker', 'operator', 'supervisor', 'partner']);
    expect(canDo('partner', 'comparison.read')).toBe(false);
  });

  it('offers reveal to staff only', () => {
    expect(ROLES.filter(canReveal)).toEqual(['caseworker', 'operator', 'supervisor']);
  });

  it('highlights the menu entry of a page, a person page under persons', () => {
    expect(menuKeyForPath('/')).toBe('home');
    expect(menuKeyForPath('/persons')).toBe('persons');
    expect(menuKeyForPath('/persons/abc')).toBe('persons');
    expect(menuKeyForPath('/personsx')).toBeUndefined();
    expect(menuKeyForPath('/audit')).toBe('audit');
    expect(menuKeyForPath('/worklist')).toBe('worklist');
    expect(menuKeyForPath('/offices/abc/qr')).toBe('offices');
    expect(menuKeyForPath('/nowhere')).toBeUndefined();
  });
});
