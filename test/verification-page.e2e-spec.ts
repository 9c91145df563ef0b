import request from 'supertest';
import { qrOnPdfPage } from '../src/reports/evidence/testing/qr-decode';
import { VerificationService } from '../src/verification/verification.service';
import { PAGE_CSP } from '../src/web/web-pages';
import { newProject, startTestApp, TestApp } from './support/test-app';
import { pdfPages } from './support/pdf-tools';
import { binary } from './support/binary-body';

/**
 * The public verification page (issue 14, item 3): reached from the QR code printed on a report,
 * without signing in; it says whether the code matches a stored scorecard and then only the
 * report's first lines; a wrong code and an unknown evaluation get the same answer; each client
 * address may check 30 times a minute. Runs behind a "proxy" (TRUST_PROXY=loopback) so that each
 * test can be its own client through X-Forwarded-For.
 */
const BASE = 'https://zjj.example.gov.cn';

async function startWith(env: Record<string, string | undefined>): Promise<TestApp> {
  const before = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(env);
  try {
    return await startTestApp();
  } finally {
    set(before);
  }
}

interface Stored {
  id: string;
  compliant: boolean;
  createdAt: string;
  results: { title: string; message: string }[];
}

let t: TestApp;
let stored: Stored;
let code: string;
let client = 0;
/** A new client address for each use, so that tests do not share a rate-limit budget. */
const anonymous = () => {
  const from = `198.51.100.${++client}`;
  return { get: (url: string) => request(t.app.getHttpServer()).get(url).set('X-Forwarded-For', from) };
};

beforeAll(async () => {
  // Read when a report is printed, so set for the whole file.
  process.env.PUBLIC_BASE_URL = BASE;
  t = await startWith({ TRUST_PROXY: 'loopback' });
  const project = (await t.http.post('/api/projects').send(newProject({ name: '武汉光谷激光产业集群质量提升' })).expect(201)).body;
  await t.http.post('/api/projects').send(newProject({ name: '宜昌磷化工质量提升', region: '宜昌', county: '枝江市' })).expect(201);
  const id = (await t.http.post(`/api/projects/${project.id}/evaluations`).send({ stage: 'application' }).expect(201)).body.id as string;
  stored = (await t.http.get(`/api/evaluations/${id}`).expect(200)).body;
  code = (await t.app.get(VerificationService).stored(id))!.evidence.code;
}, 120000);

afterAll(async () => {
  await t?.close();
  delete process.env.PUBLIC_BASE_URL;
});

describe('GET /verify/:evaluationId?c=… (the address the QR code holds)', () => {
  it('from the printed report’s QR code, without signing in: the code matches, and the page shows the report’s first lines only', async () => {
    const pdf = (await t.http.get(`/api/evaluations/${stored.id}/report.pdf`).buffer(true).parse(binary).expect(200)).body as Buffer;
    const url = qrOnPdfPage(pdf, pdfPages(pdf))!;
    expect(url).toBe(`${BASE}/verify/${stored.id}?c=${code}`);
    const res = await anonymous().get(url.slice(BASE.length)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(res.headers['cache-control']).toBe('no-store');
    const html = res.text;
    expect(html).toContain('核验通过：核验码与存档的评估记录一致');
    const date = new Date(Date.parse(stored.createdAt) + 8 * 3600_000);
    for (const shown of ['武汉光谷激光产业集群质量提升', '<dd>武汉</dd>', '2022年', '申报审查', `<dd>${stored.compliant ? '符合' : '不符合'}</dd>`, 'hubei-2022 第 1 版',
      `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日`, code]) {
      expect(html).toContain(shown);
    }
    // Nothing else: no facts (amounts, county, contact), no rule titles or messages, no other subject, no script.
    for (const hidden of ['东湖高新区', '张三', '027-00000000', '25万元', '250000', '宜昌磷化工', '激光器', '质量一致性不足']) expect(html).not.toContain(hidden);
    for (const r of stored.results) {
      expect(html).not.toContain(r.title);
      if (r.message.length > 4) expect(html).not.toContain(r.message);
    }
    expect(html).not.toMatch(/<script|<style|style=/i);
  });

  it('reads the code however it is typed (lower case, spaces, no dashes)', async () => {
    const typed = code.replace(/-/g, ' ').toLowerCase();
    const res = await anonymous().get(`/verify/${stored.id}?c=${encodeURIComponent(typed)}`).expect(200);
    expect(res.text).toContain('核验通过');
    // The form posts id and code to /verify, which sends the browser on to the evaluation's address.
    const form = await anonymous().get(`/verify?id=${stored.id}&c=${encodeURIComponent(typed)}`).expect(303);
    expect(form.headers.location).toBe(`/verify/${stored.id}?c=${encodeURIComponent(typed)}`);
    const empty = await anonymous().get('/verify').expect(200);
    expect(empty.text).toContain('<form method="get" action="/verify">');
    expect(empty.text).not.toContain('核验通过');
  });

  it('a wrong code and an evaluation that does not exist get the same answer, which says so plainly', async () => {
    const wrong = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    const other = '6f1c2b9e-4a51-4d3e-9a55-0b8d7f2c1e33';
    const mismatch = await anonymous().get(`/verify/${stored.id}?c=${wrong}`);
    const unknown = await anonymous().get(`/verify/${other}?c=${wrong}`);
    expect([mismatch.status, unknown.status]).toEqual([200, 200]);
    expect(mismatch.text).toContain('核验未通过：没有与该评估编号和核验码一致的评估记录');
    expect(mismatch.text).not.toContain('武汉光谷激光');
    // Byte for byte the same page, but for the evaluation id each request named.
    expect(mismatch.text.replaceAll(stored.id, 'ID')).toBe(unknown.text.replaceAll(other, 'ID'));

    const json = async (id: string) => (await anonymous().get(`/api/verify/${id}?c=${wrong}`).expect(200)).body;
    const [a, b] = [await json(stored.id), await json(other)];
    expect(a).toEqual({ evaluationId: stored.id, code: wrong, match: false, message: '核验未通过：没有与该评估编号和核验码一致的评估记录', scorecard: null });
    expect({ ...b, evaluationId: stored.id }).toEqual(a);
  });

  it('a code that is no code at all: 400, the page says what a code looks like', async () => {
    const page = await anonymous().get(`/verify/${stored.id}?c=BF21-9069`).expect(400);
    expect(page.text).toContain('核验码应为 16 位数字或字母 A–F');
    const api = await anonymous().get(`/api/verify/${stored.id}?c=%3Cscript%3E`).expect(400);
    expect(api.body).toEqual({ statusCode: 400, error: 'Bad Request', message: '核验码格式不正确', details: [{ pointer: '?c', message: expect.stringContaining('16 位') }] });
    // What was typed comes back into the form escaped.
    const echoed = await anonymous().get(`/verify/${stored.id}?c=${encodeURIComponent('"><script>alert(1)</script>')}`).expect(400);
    expect(echoed.text).not.toContain('<script>');
  });
});

describe('GET /api/verify/:evaluationId?c=… (and /verify/… with Accept: application/json)', () => {
  it('answers integrators with the same minimum, as JSON', async () => {
    const expected = {
      evaluationId: stored.id,
      code,
      match: true,
      message: '核验通过：核验码与存档的评估记录一致',
      scorecard: {
        name: '武汉光谷激光产业集群质量提升', region: '武汉', year: 2022, stage: 'application', stageLabel: '申报审查',
        outcome: stored.compliant ? '符合' : '不符合', ruleSet: { id: 'hubei-2022', version: 1 },
        date: new Date(Date.parse(stored.createdAt) + 8 * 3600_000).toISOString().slice(0, 10),
      },
    };
    const api = await anonymous().get(`/api/verify/${stored.id}?c=${code}`).expect(200);
    expect(api.body).toEqual(expected);
    expect(api.headers['cache-control']).toBe('no-store');
    const negotiated = await anonymous().get(`/verify/${stored.id}?c=${code}`).set('Accept', 'application/json').expect(200);
    expect(negotiated.body).toEqual(expected);
    for (const r of stored.results) expect(api.text).not.toContain(r.title);
  });

  it('answers a signed-in user of another region exactly as anyone: the page is public and not region-scoped', async () => {
    const yichang = await t.as('region', '宜昌');
    const res = await yichang.get(`/api/verify/${stored.id}?c=${code}`).set('X-Forwarded-For', '198.51.100.250').expect(200);
    expect(res.body.match).toBe(true);
  });
});

describe('rate limit: 30 checks a minute per client address', () => {
  it('answers the 31st with 429 and Retry-After, page and JSON alike; another address is not held up', async () => {
    const from = '203.0.113.77';
    const get = (url: string) => request(t.app.getHttpServer()).get(url).set('X-Forwarded-For', from);
    for (let i = 0; i < 15; i++) await get(`/verify/${stored.id}?c=${code}`).expect(200);
    for (let i = 0; i < 15; i++) await get(`/api/verify/${stored.id}?c=${code}`).expect(200);
    const page = await get(`/verify/${stored.id}?c=${code}`).expect(429);
    expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
    expect(page.text).toContain('核验请求过于频繁，请');
    expect(page.text).not.toContain('核验通过');
    const api = await get(`/api/verify/${stored.id}?c=${code}`).expect(429);
    expect(Number(api.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(api.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/^核验请求过于频繁，请 \d+ 秒后再试$/) });
    await anonymous().get(`/api/verify/${stored.id}?c=${code}`).expect(200);
  });

  it('without TRUST_PROXY a forged X-Forwarded-For does not buy another budget', async () => {
    const plain = await startWith({ TRUST_PROXY: undefined });
    try {
      const id = (await plain.http.post('/api/projects').send(newProject()).expect(201)).body.id as string;
      const evaluation = (await plain.http.post(`/api/projects/${id}/evaluations`).send({ stage: 'application' }).expect(201)).body.id as string;
      const get = (n: number) => request(plain.app.getHttpServer()).get(`/api/verify/${evaluation}?c=0000-0000-0000-0000`).set('X-Forwarded-For', `192.0.2.${n}`);
      for (let i = 0; i < 30; i++) await get(i).expect(200);
      await get(99).expect(429);
    } finally {
      await plain.close();
    }
  });
});
