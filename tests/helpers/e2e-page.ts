/** Page helpers shared by the end-to-end suites. */
import type { Page } from 'playwright-core';

/** Polls `check` until it answers true (errors count as false), or fails naming `what`. */
export async function until(page: Page, check: () => Promise<boolean>, what: string, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(100);
  }
}

/** Clicks 中文 / English in the header and waits until the document's language follows. */
export async function setLanguage(page: Page, lang: 'zh' | 'en'): Promise<void> {
  await page.getByTestId('language-switch').getByText(lang === 'en' ? 'English' : '中文', { exact: true }).click();
  const want = lang === 'en' ? 'en' : 'zh-CN';
  await until(page, async () => (await page.evaluate<string>('document.documentElement.lang')) === want, `language ${lang}`);
}

/** Lets grids, charts and animations finish before a screenshot (no networkidle: the event stream stays open). */
export async function settle(page: Page, ms = 700): Promise<void> {
  await page.waitForTimeout(ms);
}

/** Opens a page from the navigation and waits for it. */
export async function openPage(page: Page, key: string): Promise<void> {
  await page.getByTestId(`nav-${key}`).click();
  await page.getByTestId(`page-${key}`).waitFor();
}

/** Loads the app at `url`, signs in through the login form and waits for the shell. */
export async function signIn(page: Page, url: string, user: { username: string; password: string }): Promise<void> {
  await page.goto(url);
  await page.getByTestId('screen-login').waitFor();
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('screen-shell').waitFor();
}
