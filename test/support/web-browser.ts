import fs from 'node:fs';
import path from 'node:path';
import puppeteer, { Browser, BrowserContext, Page } from 'puppeteer-core';
import { Role } from '../../src/auth/roles.decorator';
import { UsersService } from '../../src/auth/users.service';
import { ROOT, TestApp } from './test-app';

export const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');

/** The system Chromium, Chinese locale (date inputs read YYYY/MM/DD as in a bureau's browser). */
export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=zh-CN', '--font-render-hinting=none'],
  });
}

/**
 * Serves a test app on a loopback port for a browser and creates the users who sign in there by
 * password; returns the base URL.
 */
export async function serveForBrowser(t: TestApp, users: { name: string; role: Role; region?: string }[], password: string): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  const service = t.app.get(UsersService);
  for (const u of users) await service.create({ name: u.name, role: u.role, region: u.region ?? null, password });
  return base;
}

/** A signed-in page that accepts confirmation dialogs (removals ask first). */
export async function confirmingPage(browser: Browser, base: string, name: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const session = await signedInPage(browser, base, name, password);
  session.page.on('dialog', (d) => d.accept());
  return session;
}

/** A signed-in browser session of its own (cookies are per context), at 1366×768. */
export async function signedInPage(browser: Browser, base: string, name: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1366, height: 768 });
  page.setDefaultTimeout(30_000);
  // A page script error is a bug even when the test would still pass.
  page.on('pageerror', (err) => {
    throw new Error(`page script error on ${page.url()}: ${(err as Error).message}`);
  });
  await page.goto(`${base}/login`);
  await page.type('#name', name);
  await page.type('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return { context, page };
}

/** Waits until `selector` exists and its text contains `text`; returns that text. */
export async function waitForText(page: Page, selector: string, text: string, timeout = 30_000): Promise<string> {
  try {
    await page.waitForFunction(
      (sel, t) => [...document.querySelectorAll(sel)].some((el) => (el.textContent ?? '').includes(t)),
      { timeout },
      selector,
      text,
    );
  } catch (err) {
    // Say what the page showed instead, so a failure explains itself.
    const seen = await page.evaluate((sel) => ({
      target: [...document.querySelectorAll(sel)].map((e) => e.textContent).join(' | ').slice(0, 800),
      status: document.querySelector('#status')?.textContent ?? '',
    }), selector);
    throw new Error(`“${text}” not found in ${selector} on ${page.url()}: saw “${seen.target}”; status “${seen.status}” (${(err as Error).message})`);
  }
  return page.$$eval(selector, (els, t) => els.map((e) => e.textContent ?? '').find((s) => s.includes(t)) ?? '', text);
}

/** Replaces an input's value as a person would: select all, type. */
export async function retype(page: Page, selector: string, value: string): Promise<void> {
  await page.click(selector, { clickCount: 3 });
  await page.keyboard.press('Backspace');
  await page.type(selector, value);
}

/**
 * Saves a screenshot of the current page as test-output/screenshots/<name>.png: the full page, or
 * with `fullPage: false` what a user sees in the window (where sticky panels really are).
 */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** Whether the element is wholly inside the browser window as it is scrolled now. */
export async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
  });
}

/** Whether an input and the unit beside it (万元, 家, 人) sit on one line. */
export async function unitBesideInput(page: Page, selector: string): Promise<{ unit: string; sameLine: boolean }> {
  return page.$eval(selector, (input) => {
    const unit = input.parentElement?.querySelector('.unit');
    if (!unit) return { unit: '', sameLine: false };
    const a = input.getBoundingClientRect();
    const b = unit.getBoundingClientRect();
    return { unit: unit.textContent ?? '', sameLine: b.left >= a.right && Math.abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2) < 4 };
  });
}

/** Lets the context save downloads into `dir` (Chromium's CDP download behaviour). */
export async function allowDownloads(page: Page, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const cdp = await page.browser().target().createCDPSession();
  const browserContextId = (page.browserContext() as unknown as { id?: string }).id;
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir, eventsEnabled: true, browserContextId } as never);
}

/** Waits for a finished download whose name ends with `ext` to appear in `dir`. */
export async function waitForDownload(dir: string, ext: string, timeout = 60_000): Promise<string> {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const done = fs.readdirSync(dir).find((f) => f.endsWith(ext));
    if (done) return path.join(dir, done);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no ${ext} download in ${dir} after ${timeout} ms`);
}

/** Waits until the field is marked invalid and returns the message shown right after it. */
export async function errorBeside(page: Page, selector: string): Promise<string> {
  const handle = await page.waitForFunction((sel) => {
    const input = document.querySelector(sel);
    return input?.getAttribute('aria-invalid') === 'true' ? (input.closest('.field-anchor') ?? input).nextElementSibling?.textContent ?? '' : null;
  }, {}, selector);
  return (await handle.jsonValue()) as string;
}
