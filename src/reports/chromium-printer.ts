import path from 'node:path';
import puppeteer, { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { ROOT_DIR } from '../config/app-config';

/**
 * The only module that launches Chromium. One browser per process, reused across prints,
 * replaced after `maxPrintsPerBrowser` prints (long-lived browsers grow) and after a crash or a
 * timed-out print; closed on shutdown, with SIGKILL as the fallback so no process is orphaned.
 * Report pages run with JavaScript off and every request that is not inline `data:` content is
 * aborted: a report cannot reach the network or the file system whatever its HTML holds.
 */

export interface ChromiumPrinterOptions {
  executablePath: string;
  maxPrintsPerBrowser: number;
  printTimeoutMs: number;
  launchTimeoutMs: number;
  /**
   * `idle`: Chromium runs in Linux's idle scheduling class, printing on the CPU time that the
   * service's requests leave (REPORT_CPU_PRIORITY, reports.config.ts). Default `normal`.
   */
  cpuPriority?: CpuPriority;
}

export type CpuPriority = 'normal' | 'idle';

/** Puppeteer starts this in Chromium's place for `cpuPriority: 'idle'` (it execs chrt, then Chromium). */
export const IDLE_LAUNCHER = path.join(ROOT_DIR, 'src', 'reports', 'chromium-idle.sh');

export interface PrintRequest {
  html: string;
  /** Bookmarks from h1–h6 headings; needs a tagged PDF. */
  outline?: boolean;
  /** Overrides the default print timeout (large batches print longer). */
  timeoutMs?: number;
}

export class PrintTimeoutError extends Error {
  constructor(ms: number) {
    super(`PDF print timed out after ${ms} ms`);
    this.name = 'PrintTimeoutError';
  }
}

interface Instance {
  browser: Browser;
  prints: number;
  active: number;
  retired: boolean;
  /** Guarded pages waiting for the next print: a new page costs more than the print itself. */
  idle: Page[];
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
  '--mute-audio',
  '--font-render-hinting=none',
  // Headless Chromium still builds the browser's own toolbar and omnibox pages (WebUI) in a
  // renderer of their own, and kept them busy on every print: as much CPU as the report's own
  // renderer. Nothing here has a toolbar. (Puppeteer merges this list with its own.)
  '--disable-features=InitialWebUI,WebUIToolbarProcessOverheadExperiment,PreloadTopChromeWebUI,WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];

const liveProcesses = new Set<{ kill(signal?: NodeJS.Signals | number): boolean; exitCode: number | null }>();
// Last resort if the host exits without calling close(): never leave a Chromium behind.
process.once('exit', () => {
  for (const p of liveProcesses) if (p.exitCode === null) p.kill('SIGKILL');
});

/** Errors that mean the browser process went away, not that this document is bad. */
const BROWSER_GONE = /Target closed|Session closed|Connection closed|has disconnected|Failed to launch the browser process|Navigating frame was detached|WebSocket is not open/i;

export class ChromiumPrinter {
  private live: Instance | null = null;
  private launching: Promise<Instance> | null = null;
  private readonly instances = new Set<Instance>();
  private closed = false;
  /** Requests refused by the page guard since start; tests assert that reports make none. */
  blockedRequests = 0;
  launches = 0;

  constructor(readonly options: ChromiumPrinterOptions) {}

  async print(req: PrintRequest): Promise<Uint8Array> {
    try {
      return await this.printOnce(req);
    } catch (err) {
      // Chromium crashed or was killed under this print (or while starting): the instance is
      // retired already, so one retry runs on a freshly launched browser. Timeouts are not retried.
      if (this.closed || err instanceof PrintTimeoutError || !BROWSER_GONE.test(String((err as Error)?.message))) throw err;
      return this.printOnce(req);
    }
  }

  private async printOnce(req: PrintRequest): Promise<Uint8Array> {
    if (this.closed) throw new Error('PDF printer is shut down');
    const instance = await this.acquire();
    instance.active++;
    instance.prints++;
    if (instance.prints >= this.options.maxPrintsPerBrowser) this.retire(instance);
    let page: Page | null = null;
    let timedOut = false;
    let failed = false;
    const timeoutMs = req.timeoutMs ?? this.options.printTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new PrintTimeoutError(timeoutMs));
      }, timeoutMs);
    });
    try {
      const work = (async () => {
        page = instance.idle.pop() ?? (await this.newPage(instance));
        await page.setContent(req.html, { waitUntil: 'load', timeout: timeoutMs });
        return page.pdf({
          printBackground: true,
          preferCSSPageSize: true,
          outline: req.outline ?? false,
          tagged: req.outline ?? false,
          timeout: timeoutMs,
          waitForFonts: true,
        });
      })();
      work.catch(() => undefined); // settled by the race below; avoid an unhandled rejection
      return await Promise.race([work, deadline]);
    } catch (err) {
      failed = true;
      // A hung or crashed renderer may poison the browser: replace it rather than reuse it.
      if (timedOut || !instance.browser.connected) this.retire(instance);
      throw err;
    } finally {
      clearTimeout(timer);
      instance.active--;
      const p = page as Page | null;
      // Only a page that printed cleanly is reused; the next setContent replaces its document.
      if (p && !failed && !instance.retired && !p.isClosed()) instance.idle.push(p);
      else if (p) await p.close().catch(() => undefined);
      if (instance.retired && instance.active === 0) await this.shutdown(instance);
    }
  }

  /** Closes every browser. Safe to call twice; prints after it are refused. */
  async close(): Promise<void> {
    this.closed = true;
    this.live = null;
    await this.launching?.catch(() => undefined);
    await Promise.all([...this.instances].map((i) => this.shutdown(i)));
  }

  /** Process ids of running browsers (tests check that none survive close()). */
  pids(): number[] {
    return [...this.instances].map((i) => i.browser.process()?.pid).filter((p): p is number => typeof p === 'number');
  }

  private acquire(): Promise<Instance> {
    if (this.live && !this.live.retired) return Promise.resolve(this.live);
    this.launching ??= this.launch().then(
      (instance) => {
        this.launching = null;
        this.live = instance;
        return instance;
      },
      (err) => {
        this.launching = null;
        throw err;
      },
    );
    return this.launching;
  }

  private async launch(): Promise<Instance> {
    this.launches++;
    const idle = this.options.cpuPriority === 'idle';
    const browser = await puppeteer.launch({
      executablePath: idle ? IDLE_LAUNCHER : this.options.executablePath,
      env: idle ? { ...process.env, REPORT_CHROMIUM_BINARY: this.options.executablePath } : process.env,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: this.options.launchTimeoutMs,
      // CDP calls (printToPDF above all) must not give up before our own print timeout.
      protocolTimeout: this.options.printTimeoutMs * 2,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const instance: Instance = { browser, prints: 0, active: 0, retired: false, idle: [] };
    this.instances.add(instance);
    const proc = browser.process();
    if (proc) liveProcesses.add(proc);
    browser.once('disconnected', () => {
      // Crash or close: the next print launches a fresh browser.
      this.retire(instance);
      this.instances.delete(instance);
      if (proc) {
        if (proc.exitCode === null) proc.kill('SIGKILL');
        liveProcesses.delete(proc);
      }
    });
    if (this.closed) {
      await this.shutdown(instance);
      throw new Error('PDF printer is shut down');
    }
    return instance;
  }

  private retire(instance: Instance): void {
    if (instance.retired) return;
    instance.retired = true;
    if (this.live === instance) this.live = null;
    if (instance.active === 0) void this.shutdown(instance);
  }

  private async shutdown(instance: Instance): Promise<void> {
    this.instances.delete(instance);
    const proc = instance.browser.process();
    try {
      await Promise.race([instance.browser.close(), new Promise((r) => setTimeout(r, 5000).unref())]);
    } catch {
      // fall through to the kill below
    }
    if (proc && proc.exitCode === null) proc.kill('SIGKILL');
    if (proc) liveProcesses.delete(proc);
  }

  private async newPage(instance: Instance): Promise<Page> {
    const page = await instance.browser.newPage();
    await this.guard(page);
    return page;
  }

  private async guard(page: Page): Promise<void> {
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      // Every request must be continued or aborted, or the page stalls (puppeteer PR #3042).
      if (request.url().startsWith('data:')) {
        void request.continue().catch(() => undefined);
      } else {
        this.blockedRequests++;
        void request.abort('blockedbyclient').catch(() => undefined);
      }
    });
  }
}
