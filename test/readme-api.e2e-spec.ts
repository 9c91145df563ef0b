import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { newProject, ROOT, startTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);

/** The curl commands of the README's API example, in order, exactly as written there. */
function readmeApiCommands(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /- \*\*API\*\*[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1];
  return block.split('\n').filter((line) => line.startsWith('curl '));
}

describe("the README's API example, run as written with curl", () => {
  let t: TestApp;
  let dir: string;
  let host: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    host = `127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    dir = fs.mkdtempSync(path.join(ROOT, 'test-output', 'readme-api-'));
    await t.http.post('/api/projects').send(newProject()).expect(201);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('evaluates the stored project, dry-runs it as fetched (revision and all) storing nothing, and downloads the GBK CSV', async () => {
    const commands = readmeApiCommands();
    expect(commands).toHaveLength(4);
    const env = { ...process.env, AUTH: `Authorization: Bearer ${await t.tokenFor('evaluator')}` };
    const outputs: string[] = [];
    for (const command of commands) {
      const { stdout } = await run('bash', ['-c', command.replaceAll('localhost:3000', host)], { cwd: dir, env });
      outputs.push(stdout);
    }
    const [stored, , tried] = outputs.map((o) => (o ? JSON.parse(o) : null));
    expect(stored).toMatchObject({ subject: { kind: 'project', id: 'wuhan-2022-01' }, stage: 'application', ruleSet: { id: 'hubei-2022', version: 1 }, compliant: true });

    const fetched = JSON.parse(fs.readFileSync(path.join(dir, 'project.json'), 'utf8'));
    expect(fetched).toMatchObject({ id: 'wuhan-2022-01', revision: 1 });
    expect(tried).toMatchObject({ ruleSet: { id: 'hubei-2022', version: 1 }, stage: 'application' });
    expect(tried.evaluations).toHaveLength(1);
    expect(tried.evaluations[0]).toMatchObject({ subject: { id: 'wuhan-2022-01' }, compliant: true });
    // Only the first command stored an evaluation; the project is as it was.
    expect(await t.prisma.evaluation.count()).toBe(1);
    expect(await t.prisma.project.findUnique({ where: { id: 'wuhan-2022-01' } })).toMatchObject({ revision: 1 });

    const csv = new TextDecoder('gbk', { fatal: true }).decode(fs.readFileSync(path.join(dir, '评估结果.csv')));
    expect(csv.split('\r\n')[0]).toMatch(/^项目编号,/);
    expect(csv).toContain('测试激光产业集群质量提升');
  });

  it('refuses what the dry run does not know, with its pointer, when it is not the revision', async () => {
    const fetched = (await t.http.get('/api/projects/wuhan-2022-01').expect(200)).body;
    const res = await t.http.post('/api/evaluate').send({ project: { ...fetched, revisions: 1 } }).expect(400);
    expect(res.body.details).toEqual([{ pointer: '/project/revisions', message: '不允许的字段（未知字段）' }]);
    const many = await t.http.post('/api/evaluate').send({ projects: [fetched, { ...fetched, id: undefined, name: '第二个项目' }] }).expect(200);
    expect(many.body.evaluations.map((e: { subject: { id: string } }) => e.subject.id)).toEqual(['wuhan-2022-01', 'draft']);
  });
});
