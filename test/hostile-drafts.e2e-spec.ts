import { Role } from '../src/auth/roles.decorator';
import { Agent, startTestApp, TestApp } from './support/test-app';

/**
 * Unpublished drafts are the policy office's work in progress: every route that could return a
 * draft's content answers 403 to viewer, evaluator and region users, and lists leave drafts out.
 * The draft of hubei-2022 (version 2) raises capNew to a value no published version holds, and
 * hubei-2099 exists only as a draft, so a leak shows in any answer.
 */
const MARK = 987654; // the draft's capNew, in yuan
const DRAFT_TITLE = '草稿专用的2099年度规则集';

describe('drafts are readable by policy and admin only, by every route', () => {
  let t: TestApp;
  const agents: Partial<Record<Role, Agent>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    await t.http.post('/api/rule-sets/hubei-2022/draft').send({}).expect(201);
    await t.http.patch('/api/rule-sets/hubei-2022/draft/parameters/capNew').set('If-Match', '"1"').send({ value: MARK }).expect(200);
    await t.http.post('/api/rule-sets/hubei-2022/clone').send({ id: 'hubei-2099', year: 2099, title: DRAFT_TITLE }).expect(201);
    agents.admin = t.http;
    agents.policy = await t.as('policy');
    agents.evaluator = await t.as('evaluator');
    agents.viewer = await t.as('viewer');
    agents.region = await t.as('region', '武汉');
  });
  afterAll(async () => {
    await t.close();
  });

  const DRAFT_ROUTES: [string, string][] = [
    ['/api/rule-sets/hubei-2022/versions/2', 'version'],
    ['/api/rule-sets/hubei-2022/versions/2/export', 'version'],
    ['/api/rule-sets/hubei-2022/versions/2/schema/project', 'version'],
    ['/api/rule-sets/hubei-2022/diff?to=draft', '?to'],
    ['/api/rule-sets/hubei-2022/diff?from=draft&to=1', '?from'],
    ['/api/rule-sets/hubei-2022/diff?from=1&to=2', '?to'],
    ['/api/rule-sets/hubei-2022/diff?from=2&to=1', '?from'],
    ['/api/rule-sets/hubei-2022/diff?from=1&to=hubei-2099@1', '?to'],
    ['/api/rule-sets/hubei-2099/versions/1', 'version'],
    ['/api/rule-sets/hubei-2099', 'id'],
    ['/api/rule-sets/hubei-2099/versions', 'id'],
  ];

  it.each(['viewer', 'evaluator', 'region'] as Role[])('refuses every draft route to %s with 403 and a Chinese reason, showing nothing of it', async (role) => {
    const leaks: string[] = [];
    for (const [url, pointer] of DRAFT_ROUTES) {
      const res = await agents[role]!.get(url);
      const version = url.includes('2099') ? 1 : 2;
      const id = url.includes('2099') ? 'hubei-2099' : 'hubei-2022';
      const want = {
        statusCode: 403, error: 'Forbidden', message: `规则集“${id}”第 ${version} 版是未发布的草稿，仅政策处和管理员可查看`,
        details: [{ pointer, message: '请选择已发布的版本' }],
      };
      if (res.status !== 403 || JSON.stringify(res.body) !== JSON.stringify(want)) leaks.push(`${url}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
      if (res.headers['content-disposition']) leaks.push(`${url}: sent as a download`);
    }
    // The draft's own routes stay closed to these roles as before.
    for (const url of ['/api/rule-sets/hubei-2022/draft', '/api/rule-sets/hubei-2022/draft/export', '/api/rule-sets/hubei-2022/draft/impact']) {
      const res = await agents[role]!.get(url);
      if (res.status !== 403 || JSON.stringify(res.body).includes(String(MARK))) leaks.push(`${url}: ${res.status}`);
    }
    expect(leaks).toEqual([]);
  });

  it.each(['viewer', 'evaluator', 'region'] as Role[])('lists only published versions to %s; an unqualified diff compares the version in force', async (role) => {
    const agent = agents[role]!;
    const sets = (await agent.get('/api/rule-sets').expect(200)).body as { id: string; versions: { version: number; status: string }[] }[];
    expect(sets.map((s) => s.id)).toEqual(['hubei-2022']);
    expect(sets[0].versions.map((v) => [v.version, v.status])).toEqual([[1, 'published']]);
    const versions = (await agent.get('/api/rule-sets/hubei-2022/versions').expect(200)).body as { version: number }[];
    expect(versions.map((v) => v.version)).toEqual([1]);
    const summary = await agent.get('/api/rule-sets/hubei-2022').expect(200);
    expect(summary.body).toMatchObject({ version: 1, activeVersion: 1, versions: [expect.objectContaining({ version: 1, status: 'published' })] });
    const diff = await agent.get('/api/rule-sets/hubei-2022/diff');
    expect(diff.status).toBe(400); // version 1 has nothing before it; the draft is not offered instead
    for (const res of [sets, versions, summary.body, diff.body]) {
      expect(JSON.stringify(res)).not.toContain(String(MARK));
      expect(JSON.stringify(res)).not.toContain('draft');
    }
  });

  it.each(['policy', 'admin'] as Role[])('serves every draft route to %s', async (role) => {
    const agent = agents[role]!;
    const failures: string[] = [];
    for (const [url] of DRAFT_ROUTES) {
      const res = await agent.get(url);
      if (res.status !== 200) failures.push(`${url}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
    const version = await agent.get('/api/rule-sets/hubei-2022/versions/2').expect(200);
    expect(version.body.document.parameters.find((p: { name: string }) => p.name === 'capNew').value).toBe(MARK);
    const exported = await agent.get('/api/rule-sets/hubei-2022/versions/2/export').expect(200);
    expect(exported.headers['content-disposition']).toBe(`attachment; filename="hubei-2022-v2.json"; filename*=UTF-8''hubei-2022-v2.json`);
    const diff = await agent.get('/api/rule-sets/hubei-2022/diff').expect(200);
    expect(diff.body.to).toEqual({ id: 'hubei-2022', version: 2, status: 'draft' });
    expect(JSON.stringify(diff.body.changes)).toContain('98.7654万元');
    const sets = (await agent.get('/api/rule-sets').expect(200)).body as { id: string; title: string }[];
    expect(sets.map((s) => s.title)).toContain(DRAFT_TITLE);
  });
});
