import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { newProject, ROOT, startTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);
const FIXTURES = path.join(__dirname, 'fixtures', 'generated-client');

/** Runs a Node script of node_modules; resolves with exit code and output, never throws on a non-zero exit. */
async function node(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout: 90_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Strict tsc over the generated types and one script, as an integrator's project would compile them. */
function tsc(dir: string, file: string) {
  return node([
    path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--strict', '--noEmitOnError', '--pretty', 'false', '--target', 'es2022', '--lib', 'es2022,dom', '--module', 'commonjs',
    '--moduleResolution', 'node10', '--esModuleInterop', '--types', 'node', '--outDir', path.join(dir, 'out'),
    path.join(dir, file), path.join(dir, 'api.ts'),
  ]);
}

describe('a client generated from /docs-json with openapi-typescript and openapi-fetch', () => {
  let t: TestApp;
  let dir: string;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    dir = fs.mkdtempSync(path.join(ROOT, 'test-output', 'generated-client-'));
    await t.http.post('/api/projects').send(newProject()).expect(201);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('generates from the served document, compiles under strict tsc with no error, and lists, dry-runs, evaluates, reads a refusal and downloads a scorecard', async () => {
    const generated = await node([path.join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), `${baseUrl}/docs-json`, '-o', path.join(dir, 'api.ts')]);
    expect(generated.code).toBe(0);
    const types = fs.readFileSync(path.join(dir, 'api.ts'), 'utf8');
    expect(types).toContain('StoredProject: {');
    expect(types).not.toMatch(/project\?: Record<string, never>/);

    fs.copyFileSync(path.join(FIXTURES, 'client.ts'), path.join(dir, 'client.ts'));
    const compiled = await tsc(dir, 'client.ts');
    expect(compiled.stdout + compiled.stderr).toBe('');
    expect(compiled.code).toBe(0);

    const token = await t.tokenFor('evaluator');
    const ran = await node([path.join(dir, 'out', 'client.js')], { BASE_URL: baseUrl, API_TOKEN: token });
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({
      listed: ['wuhan-2022-01@1'],
      dryRun: { ruleSet: 'hubei-2022@1', subject: 'wuhan-2022-01', compliant: true, rules: 23, failed: [] },
      stored: { same: true, stage: 'application', createdAt: 'string', hash: 'sha256:' },
      bad: { status: 400, message: '项目数据有 1 处错误', pointers: ['/funding/provincial'] },
      anonymous: { status: 401, message: '请先登录' },
      pdf: { type: 'application/pdf', magic: '%PDF-', size: expect.any(Number) },
    });
    // The dry run took the fetched project, revision and all, and stored nothing.
    expect(await t.prisma.project.findUnique({ where: { id: 'wuhan-2022-01' } })).toMatchObject({ revision: 1 });
    expect(await t.prisma.evaluation.count()).toBe(1);
  });

  it('types what the service takes and answers: a wrong field type, a misspelt result and an unknown route do not compile', async () => {
    if (!fs.existsSync(path.join(dir, 'api.ts'))) {
      await node([path.join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), `${baseUrl}/docs-json`, '-o', path.join(dir, 'api.ts')]);
    }
    fs.copyFileSync(path.join(FIXTURES, 'mistakes.ts'), path.join(dir, 'mistakes.ts'));
    const compiled = await tsc(dir, 'mistakes.ts');
    expect(compiled.code).not.toBe(0);
    const errors = compiled.stdout.split('\n').filter(Boolean).map((l) => /mistakes\.ts\((\d+),\d+\): error (TS\d+)/.exec(l)?.slice(1).join(' '));
    expect(errors).toEqual(['11 TS2322', '12 TS2551', '13 TS2345']);
  });
});
