import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readJsonFile } from '../src/rule-sets/rule-set-files';
import { ROOT, startTestApp, TestApp } from './support/test-app';

type Schema = { title?: string; 'x-unit'?: string; enum?: string[]; properties?: Record<string, Schema>; items?: Schema; required?: string[] };

/**
 * The JSON Schema an integrator downloads for one rule-set version and subject kind: the fields
 * the notice declares, with their Chinese titles, units and choices; a stored sample validates.
 */
describe('GET /api/rule-sets/:id/versions/:version/schema/:kind', () => {
  let t: TestApp;
  const ajv = new Ajv({ strict: false, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('describes a project: identity first, titles, units, the categories as an enum; a sample project validates', async () => {
    const res = await t.http.get('/api/rule-sets/hubei-2022/versions/1/schema/project').expect(200);
    const schema = res.body as Schema;
    expect(schema.title).toBe('2022年度“万千百十一”质量提升活动：项目');
    expect(Object.keys(schema.properties!).slice(0, 5)).toEqual(['id', 'year', 'name', 'region', 'category']);
    expect(schema.required).toEqual(['year', 'name', 'region', 'category']);
    const props = schema.properties!;
    expect(props.category.title).toBe('项目类别');
    expect(props.category.enum).toEqual(['new', 'continued', 'pairing', 'self_funded', 'pilot']);
    expect(props.region.enum).toContain('武汉');
    expect(props.funding.properties!.provincial).toMatchObject({ title: '省级资金', 'x-unit': '元', type: ['integer', 'null'] });
    expect(props.cluster.properties!.employees).toMatchObject({ title: '从业人数', 'x-unit': '人' });
    expect(props.deliverables.items!.enum).toEqual(['plan', 'team', 'diagnosis', 'solutions', 'report']);

    const validate = ajv.compile(schema);
    const sample = (readJsonFile(path.join(ROOT, 'prisma', 'seed', 'projects-2022.json'), 'seed') as object[])[0];
    expect(validate(sample)).toBe(true);
    expect(validate({ ...sample, funding: { provincial: 25.5 } })).toBe(false);
    expect(validate.errors![0]).toMatchObject({ instancePath: '/funding/provincial' });
    expect(validate({ ...sample, extra: 1 })).toBe(false);
  });

  it('describes region progress with its county rows; the province has identity only', async () => {
    const region = (await t.http.get('/api/rule-sets/hubei-2022/versions/1/schema/region').expect(200)).body as Schema;
    const counties = region.properties!.counties;
    expect(counties.title).toBe('县市区');
    expect(counties.items!.required).toEqual(['name']);
    expect(counties.items!.properties!.trainees).toMatchObject({ title: '培训人数', 'x-unit': '人' });
    const sample = (readJsonFile(path.join(ROOT, 'prisma', 'seed', 'region-progress-2022.json'), 'seed') as object[])[0];
    expect(ajv.compile(region)(sample)).toBe(true);
    const province = (await t.http.get('/api/rule-sets/hubei-2022/versions/1/schema/province').expect(200)).body as Schema;
    expect(Object.keys(province.properties!)).toEqual(['year']);
  });

  it('answers 404 for an unknown kind or version; a draft only for the policy office', async () => {
    const unknown = await t.http.get('/api/rule-sets/hubei-2022/versions/1/schema/county').expect(404);
    expect(unknown.body.message).toBe('没有“county”类数据的字段定义，可选：project、region、province');
    await t.http.get('/api/rule-sets/hubei-2022/versions/99/schema/project').expect(404);
    await t.http.post('/api/rule-sets/hubei-2022/draft').send({}).expect(201);
    const viewer = await t.as('viewer');
    const refused = await viewer.get('/api/rule-sets/hubei-2022/versions/2/schema/project').expect(403);
    expect(refused.body.message).toBe('规则集“hubei-2022”第 2 版是未发布的草稿，仅政策处和管理员可查看');
    await viewer.get('/api/rule-sets/hubei-2022/versions/1/schema/project').expect(200);
    const policy = await t.as('policy');
    await policy.get('/api/rule-sets/hubei-2022/versions/2/schema/project').expect(200);
  });
});
