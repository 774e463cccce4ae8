/** Steps every browser test takes: signing in to the console and picking options of antd controls. */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from './accounts.ts';

/** Signs in on the console's login page; a refused login fails with the page's own message, not a bare timeout. */
export async function loginAs(p: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await p.goto('/login');
  await p.getByLabel('用户名').fill(username);
  await p.getByLabel('密码').fill(password);
  await p.getByRole('button', { name: '登录', exact: true }).click();
  await p.getByTestId('user-name').or(p.getByTestId('login-error')).first().waitFor();
  if ((await p.getByTestId('login-error').count()) > 0) {
    throw new Error(`login as ${username} refused: ${await p.getByTestId('login-error').innerText()}`);
  }
}

/**
 * Picks an option of an antd Select by its text. `search` is typed first: the option list is virtual, so an option
 * far down is not rendered until the list is filtered. The choice is checked on the control itself and retried: on a
 * loaded machine a click can land while the dropdown is still opening and select nothing.
 */
export async function choose(p: Page, testId: string, option: string | RegExp, search?: string): Promise<void> {
  const select = p.getByTestId(testId);
  for (let attempt = 1; ; attempt++) {
    await select.click();
    if (search) await p.keyboard.type(search);
    await p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    try {
      await select.filter({ hasText: option }).waitFor({ timeout: 3000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw new Error(`choose ${testId}: "${String(option)}" is not selected after ${attempt} tries: ${(e as Error).message}`);
      await p.keyboard.press('Escape');
    }
  }
}

/**
 * Types a date into an antd DatePicker (found by its test id); moving the focus to `blurTo` commits it (Enter would
 * submit the form).
 */
export async function pickDate(p: Page, testId: string, date: string, blurTo: string): Promise<void> {
  const input = p.getByTestId(testId);
  await input.click();
  await input.fill(date);
  await p.getByTestId(blurTo).click();
  await expect.poll(() => input.inputValue()).toBe(date);
}
