import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { evidenceOf } from '../src/reports/evidence/evaluation-evidence';
import { qrOnPdfPage } from '../src/reports/evidence/testing/qr-decode';
import { ReportSourcesService } from '../src/reports/report-sources.service';
import { newProject, startTestApp, TestApp } from './support/test-app';
import { pdfPages, pdfTextCompact, savePageImages } from './support/pdf-tools';
import { binary } from './support/binary-body';

/**
 * Issue 14, item 3 on paper: every scorecard prints its verification code (evidenceOf) beside a
 * QR code of ${PUBLIC_BASE_URL}/verify/<evaluation id>?c=<code>, read back from the page image
 * with a QR decoder; an evaluation made for the print prints its code only, and says why.
 */
const BASE = 'https://zjj.example.gov.cn/zlts';
const CODE = /核验码([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})/;
let t: TestApp;
const pdfOf = async (url: string): Promise<Buffer> => (await t.http.get(url).buffer(true).parse(binary).expect(200)).body as Buffer;

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = `${BASE}/`;
  t = await startTestApp();
}, 120000);

afterAll(async () => {
  await t?.close();
  delete process.env.PUBLIC_BASE_URL;
});

/** The code printed on the last page (where the trace block is) and what its QR code says. */
function printed(pdf: Buffer): { code: string | undefined; qr: string | null; text: string } {
  const last = pdfPages(pdf);
  const text = pdfTextCompact(pdf, { first: last, last });
  return { code: CODE.exec(text)?.[1], qr: qrOnPdfPage(pdf, last), text };
}

describe('verification code and QR code on printed reports', () => {
  it('a stored project evaluation: its code, and a QR code of its verification page on the configured base URL', async () => {
    const project = (await t.http.post('/api/projects').send(newProject({ name: '武汉光谷激光产业集群质量提升' })).expect(201)).body;
    const id = (await t.http.post(`/api/projects/${project.id}/evaluations`).send({ stage: 'application' }).expect(201)).body.id as string;
    const pdf = await pdfOf(`/api/evaluations/${id}/report.pdf`);
    const { code, qr, text } = printed(pdf);
    const expected = evidenceOf(await t.app.get(ReportSourcesService).forEvaluation(id)).code;
    expect(code).toBe(expected);
    expect(qr).toBe(`${BASE}/verify/${id}?c=${expected}`);
    expect(text).toContain(`核验网址：${BASE}/verify`);
    savePageImages(pdf, 'verification-code-project', { first: pdfPages(pdf), last: pdfPages(pdf) });

    // The same evaluation cut from a batch (the projects ZIP) carries the same code and QR code.
    const zip = await JSZip.loadAsync(await pdfOf(`/api/reports/projects.zip?year=2022&region=${encodeURIComponent('武汉')}`));
    const names = Object.keys(zip.files).filter((n) => n.endsWith('.pdf') && n.includes('武汉光谷激光'));
    const cut = printed(await zip.files[names.find((n) => !n.includes('汇编'))!].async('nodebuffer'));
    expect({ code: cut.code, qr: cut.qr }).toEqual({ code: expected, qr: `${BASE}/verify/${id}?c=${expected}` });
  });

  it('a region scorecard: printed for the download without storing, its code but no QR code; once stored, both', async () => {
    const regions = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'ok', 'regions-2022.json'), 'utf8')) as unknown[];
    await t.http.post('/api/regions/progress').send(regions[0]).expect(201);
    const url = `/api/regions/${encodeURIComponent('神农架')}/report.pdf?year=2022`;
    const unstored = printed(await pdfOf(url));
    expect(unstored.text).toContain('打印时即时评估，未存储');
    expect(unstored.code).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    expect(unstored.text).toContain('未存储的即时评估，不能在线核验');
    expect(unstored.text).not.toContain('核验网址');
    expect(unstored.qr).toBeNull();

    const id = (await t.http.post(`/api/regions/${encodeURIComponent('神农架')}/evaluations`).send({ year: 2022 }).expect(201)).body.id as string;
    const stored = printed(await pdfOf(url));
    const expected = evidenceOf(await t.app.get(ReportSourcesService).forEvaluation(id)).code;
    expect(stored.code).toBe(expected);
    expect(stored.qr).toBe(`${BASE}/verify/${id}?c=${expected}`);
  });

  it('the year summary prints no code of its own, and says where its rows are checked', async () => {
    const pdf = await pdfOf('/api/reports/summary.pdf?year=2022');
    const text = pdfTextCompact(pdf);
    expect(text).toContain('本表为汇总表，不设核验码；各项目的评估结果以其评估报告上的核验码核验。');
    expect(text).not.toMatch(CODE);
    expect(qrOnPdfPage(pdf, pdfPages(pdf))).toBeNull();
  });
});
