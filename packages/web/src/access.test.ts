import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from './api/types.ts';
import { canAccess, canReveal, landingPath, menuFor, menuKeyForPath, usesJurisdictionPicker } from './access.ts';

const keys = (role: Role) => menuFor(role).map((e) => e.key);

describe('access', () => {
  it('gives each role its menu (docs/api.md: audit for admin/supervisor, evaluate for operator/supervisor/admin)', () => {
    expect(keys('caseworker')).toEqual(['home', 'persons']);
    expect(keys('operator')).toEqual(['home', 'persons', 'evaluate']);
    expect(keys('supervisor')).toEqual(['home', 'persons', 'evaluate', 'audit']);
    expect(keys('admin')).toEqual(['home', 'persons', 'evaluate', 'audit']);
    expect(keys('partner')).toEqual(['home']);
    expect(keys('employer')).toEqual(['home']);
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

  it('offers reveal to staff only', () => {
    expect(ROLES.filter(canReveal)).toEqual(['caseworker', 'operator', 'supervisor']);
  });

  it('highlights the menu entry of a page, a person page under persons', () => {
    expect(menuKeyForPath('/')).toBe('home');
    expect(menuKeyForPath('/persons')).toBe('persons');
    expect(menuKeyForPath('/persons/abc')).toBe('persons');
    expect(menuKeyForPath('/personsx')).toBeUndefined();
    expect(menuKeyForPath('/audit')).toBe('audit');
    expect(menuKeyForPath('/nowhere')).toBeUndefined();
  });
});
