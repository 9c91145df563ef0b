import JSZip from 'jszip';
import request from 'supertest';
import { newProject, startTestApp, TestApp } from './support/test-app';

/** The raw bytes of a download (supertest would decode text as UTF-8). */
function bytes(req: request.Test): Promise<request.Response & { body: Buffer }> {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  }) as never;
}

describe('files as WPS, LibreOffice and older Excel read them', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.http.post('/api/projects').send(newProject({ name: '测试“钢铁”集群质量提升' })).expect(201);
    await t.http.put('/api/regions/神农架/progress/2022').send({ achieved: { wan: 50, qian: 3, bai: 0 }, counties: [{ name: '松柏镇', trainings: 1, trainees: 49, stations: 1 }] }).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['/api/exports/evaluations.csv?year=2022', '项目编号', '测试“钢铁”集群质量提升'],
    ['/api/exports/region-progress.csv?year=2022', '市州', '松柏镇'],
  ])('%s&encoding=gbk: the same table in GBK, labelled so, without a BOM', async (url, header, text) => {
    const utf8 = await bytes(t.http.get(url).expect(200));
    const gbk = await bytes(t.http.get(`${url}&encoding=gbk`).expect(200));
    expect(utf8.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(gbk.headers['content-type']).toBe('text/csv; charset=gbk');
    expect(gbk.headers['content-disposition']).toBe(utf8.headers['content-disposition']);
    expect([...utf8.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Decodes as GBK, strictly (a UTF-8 byte sequence would not), to exactly the UTF-8 export's text.
    const decoded = new TextDecoder('gbk', { fatal: true }).decode(gbk.body);
    expect(decoded).toBe(utf8.body.subarray(3).toString('utf8'));
    expect(decoded.split('\r\n')[0]).toContain(header);
    expect(decoded).toContain(text);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk.body)).toThrow();
    expect(gbk.body.includes(Buffer.from('项目', 'utf8'))).toBe(false);
  });

  it('refuses an encoding it does not write, naming the ones it does', async () => {
    const res = await t.http.get('/api/exports/evaluations.csv?year=2022&encoding=latin1').expect(400);
    expect(res.body).toEqual({
      statusCode: 400, error: 'Bad Request', message: '查询参数 encoding 应为 utf-8 或 gbk',
      details: [{ pointer: '?encoding', message: '“latin1”无效，可选：utf-8、gbk' }],
    });
  });

  it.each([
    '/api/templates/projects.xlsx', '/api/templates/region-progress.xlsx?region=神农架',
    '/api/exports/evaluations.xlsx?year=2022', '/api/exports/region-progress.xlsx?year=2022',
  ])('%s: every sheet with a filter has its hidden _xlnm._FilterDatabase name (LibreOffice shows no filter buttons without)', async (url) => {
    const file = await bytes(t.http.get(encodeURI(url)).expect(200));
    const zip = await JSZip.loadAsync(file.body);
    const workbook = await zip.file('xl/workbook.xml')!.async('string');
    const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
    const sheets = [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)];
    const expected: string[] = [];
    for (const [i, [, name, rid]] of sheets.entries()) {
      const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)!;
      const sheet = await zip.file(`xl/${target[1] ?? target[2]}`)!.async('string');
      const ref = /<autoFilter ref="([^"]+)"/.exec(sheet)?.[1];
      if (ref) expected.push(`<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${name}'!${ref.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2')}</definedName>`);
    }
    expect(expected.length).toBeGreaterThan(0);
    const names = [...workbook.matchAll(/<definedName name="_xlnm._FilterDatabase"[^>]*>[^<]*<\/definedName>/g)].map((m) => m[0]);
    expect(names).toEqual(expected);
  });
});
