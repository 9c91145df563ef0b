import { Browser } from 'puppeteer-core';
import { confirmingPage, launchBrowser, serveForBrowser, waitForText } from './support/web-browser';
import { newProject, startTestApp, TestApp } from './support/test-app';

/**
 * The batch page (批量打印): a region user starts a batch of their region's scorecards, follows its
 * real progress to the end and gets the ZIP offered; a second batch is cancelled from the page.
 */
let t: TestApp;
let browser: Browser;
let base: string;
const PASSWORD = 'batch-page-Passw0rd!';

beforeAll(async () => {
  process.env.BATCH_PART_SIZE = '1';
  t = await startTestApp();
  for (let i = 1; i <= 10; i++) await t.http.post('/api/projects').send(newProject({ name: `页面批量项目${i}`, region: '宜昌', county: null })).expect(201);
  base = await serveForBrowser(t, [{ name: '宜昌市局', role: 'region', region: '宜昌' }], PASSWORD);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  delete process.env.BATCH_PART_SIZE;
});

it('starts a batch of the region’s scorecards, shows its progress to the end, offers the ZIP; cancels another', async () => {
  const { context, page } = await confirmingPage(browser, base, '宜昌市局', PASSWORD);
  await page.goto(`${base}/batches`);
  await waitForText(page, 'h1', '年度批量打印评估报告');
  // A region user's batch is their region's: the field is fixed.
  expect(await page.$eval('input[name=region]', (e) => (e as HTMLInputElement).value)).toBe('宜昌');
  await page.click('form button[type=submit]');
  await waitForText(page, '#batch-count', '/ 10 份');
  await waitForText(page, '#batch-count', '已完成 10 / 10 份', 60_000);
  await waitForText(page, '#batch', '已完成');
  expect(await page.$eval('#batch-progress', (e) => [(e as HTMLProgressElement).value, (e as HTMLProgressElement).max])).toEqual([10, 10]);
  await waitForText(page, '#batch button', '下载 ZIP');
  // The address keeps the batch: a reload follows it again.
  const id = new URL(page.url()).searchParams.get('id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  await page.reload();
  await waitForText(page, '#batch-count', '已完成 10 / 10 份');
  // The list of recent batches shows it too, as the region's.
  await waitForText(page, '#recent td', '2022年度宜昌');
  await waitForText(page, '#recent td', '10 / 10');

  // Another batch (acceptance stage), cancelled from the page before it is through.
  await page.select('select[name=stage]', 'acceptance');
  await page.click('form button[type=submit]');
  await waitForText(page, '#batch button', '取消任务');
  await page.$$eval('#batch button', (buttons) => (buttons.find((b) => b.textContent === '取消任务') as HTMLButtonElement).click());
  await waitForText(page, '#batch', '状态：已取消');
  const cancelled = await t.prisma.batch.findFirst({ where: { dedupKey: { contains: 'acceptance' } } });
  expect(cancelled).toMatchObject({ state: 'cancelled', requestedBy: '宜昌市局' });
  await context.close();
}, 120_000);
