import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { descendantPids, isAlive, prepareDatabase, SpawnedServer, startServer } from '../src/bench/spawned-server';
import { ROOT } from './support/test-app';

/**
 * Faults against the built service as a real process: SIGTERM during work, Chromium killed during
 * a batch, the process killed during rule-set writes, and an online backup restored.
 */
const DIR = path.join(ROOT, 'test-output', 'faults');
const template = () => process.env.TEST_TEMPLATE_DB ?? path.join(ROOT, 'test-output', 'db', 'template.db');

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function processes(server: SpawnedServer, pattern: RegExp): number[] {
  return descendantPids(server.pid).filter((p) => {
    try {
      return pattern.test(fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      return false;
    }
  });
}
const chromiumPids = (server: SpawnedServer) => processes(server, /chrom/i);
/** A renderer exists once Chromium is up and a page is printing (not merely launching). */
const rendererPids = (server: SpawnedServer) => processes(server, /--type=renderer/);

describe('faults (spawned server)', () => {
  const servers: SpawnedServer[] = [];
  let n = 0;
  let seeded: string;
  let token: string;

  beforeAll(() => {
    // Seeding runs the CLI twice (~10 s): done once, then copied for each scenario.
    seeded = path.join(DIR, `seeded-${process.pid}.db`);
    token = prepareDatabase(seeded, template()).token;
  });

  async function fresh(env: Record<string, string> = {}): Promise<{ server: SpawnedServer; auth: Record<string, string> }> {
    const dbFile = path.join(DIR, `faults-${process.pid}-${++n}.db`);
    fs.copyFileSync(seeded, dbFile);
    const server = await startServer(dbFile, env);
    servers.push(server);
    return { server, auth: { Authorization: `Bearer ${token}` } };
  }

  afterAll(async () => {
    for (const s of servers) if (s.proc.exitCode === null) s.proc.kill('SIGKILL');
    fs.rmSync(DIR, { recursive: true, force: true });
  });

  it('on SIGTERM finishes the PDF batch in flight, refuses new work, exits 0 and leaves no Chromium', async () => {
    const { server, auth } = await fresh();
    const batch = fetch(`${server.url}/api/reports/projects.zip?year=2022&region=${encodeURIComponent('武汉')}`, { headers: auth });
    await until(() => chromiumPids(server).length > 0, 15_000, 'Chromium to start');
    const browsers = descendantPids(server.pid);
    server.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    const late = await fetch(`${server.url}/api/projects`, { headers: auth }).then((r) => r.status, () => 'refused');
    expect([503, 'refused']).toContain(late);
    const res = await batch;
    expect(res.status).toBe(200);
    const zip = Buffer.from(await res.arrayBuffer());
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(await server.exited).toBe(0);
    expect(browsers.filter(isAlive)).toEqual([]);
    expect(server.output()).toContain('finishing 1 request(s) in flight');
  }, 90_000);

  it('on SIGTERM with a batch part printing (embedded queue), the part commits before the database closes; the next start does the rest', async () => {
    const dbFile = path.join(DIR, `faults-${process.pid}-${++n}.db`);
    fs.copyFileSync(seeded, dbFile);
    const env = { BATCH_PART_SIZE: '4' };
    const server = await startServer(dbFile, env);
    servers.push(server);
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const submitted = (await (await fetch(`${server.url}/api/batches`, { method: 'POST', headers: auth, body: JSON.stringify({ year: 2022, stage: 'application' }) })).json()) as { id: string; total: number };
    await until(() => /part 0: started/.test(server.output()), 30_000, 'the first part to start');
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(new RegExp(`batch ${submitted.id} part 0: committed`));
    const db = new Database(dbFile, { readonly: true });
    const markers = db.prepare("SELECT name FROM BatchFile WHERE batchId = ? AND name LIKE 'parts/%'").all(submitted.id) as { name: string }[];
    db.close();
    expect(markers.map((m) => m.name)).toContain('parts/0000.json');
    expect(server.output()).not.toContain('grace period over');

    // Started again, the service takes up the parts that had not committed, and only those.
    const again = await startServer(dbFile, env);
    servers.push(again);
    let batch = { state: 'running', done: 0, total: submitted.total };
    for (const end = Date.now() + 90_000; ['queued', 'running'].includes(batch.state); await new Promise((r) => setTimeout(r, 200))) {
      if (Date.now() > end) throw new Error(`batch not done in 90 s:\n${again.output()}`);
      batch = await (await fetch(`${again.url}/api/batches/${submitted.id}`, { headers: auth })).json();
    }
    expect(batch).toMatchObject({ state: 'completed', done: submitted.total });
    expect(again.output()).not.toMatch(/part 0: started/);
    again.proc.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 180_000);

  it('relaunches Chromium killed in the middle of a batch; the batch finishes or names what failed', async () => {
    const { server, auth } = await fresh();
    const batch = fetch(`${server.url}/api/reports/projects.zip?year=2022&region=${encodeURIComponent('武汉')}`, { headers: auth });
    await until(() => rendererPids(server).length > 0, 30_000, 'Chromium to print');
    for (const pid of chromiumPids(server)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const res = await batch;
    // Either reprinted after relaunch (200, complete) or answered with the failures listed; never a 5xx crash.
    expect(res.status).toBe(200);
    const zipFile = path.join(DIR, `batch-${n}.zip`);
    fs.writeFileSync(zipFile, Buffer.from(await res.arrayBuffer()));
    const listing = execFileSync('unzip', ['-l', zipFile], { encoding: 'utf8' });
    expect(listing).toMatch(/\.pdf/);
    // The service is still healthy and prints again with a fresh browser.
    const health = await (await fetch(`${server.url}/health`)).json();
    expect(health.status).toBe('ok');
    const again = await fetch(`${server.url}/api/reports/summary.pdf?year=2022`, { headers: auth });
    expect(again.status).toBe(200);
    expect(Buffer.from(await again.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 120_000);

  it('killed during rule-set draft writes, restarts with the draft either old or new, never a mix', async () => {
    const { server, auth } = await fresh();
    const json = { ...auth, 'content-type': 'application/json' };
    const cloned = await fetch(`${server.url}/api/rule-sets/hubei-2022/clone`, { method: 'POST', headers: json, body: JSON.stringify({ id: 'hubei-2030', year: 2030, title: '断电测试' }) });
    expect(cloned.status).toBe(201);
    // Each write k (from revision k) sets capNew to 200000 + k: content and revision must agree.
    let stop = false;
    const writer = (async () => {
      for (let k = 1; !stop; k++) {
        const res = await fetch(`${server.url}/api/rule-sets/hubei-2030/draft/parameters/capNew`, {
          method: 'PATCH', headers: { ...json, 'If-Match': `"${k}"` }, body: JSON.stringify({ value: 200000 + k }),
        }).catch(() => null);
        if (!res || res.status !== 200) return k;
      }
      return -1;
    })();
    await new Promise((r) => setTimeout(r, 1500));
    server.proc.kill('SIGKILL');
    stop = true;
    await writer;
    await server.exited;

    const db = new Database(server.dbFile, { fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const row = db.prepare(`SELECT content, revision FROM "RuleSetVersion" WHERE "ruleSetId" = 'hubei-2030' AND status = 'draft'`).get() as { content: string; revision: number };
      const doc = JSON.parse(row.content) as { parameters: { name: string; value: number }[] };
      const cap = doc.parameters.find((p) => p.name === 'capNew')!.value;
      expect(row.revision).toBeGreaterThan(2);
      expect(cap).toBe(200000 + row.revision - 1);
    } finally {
      db.close();
    }
    const restarted = await startServer(server.dbFile);
    servers.push(restarted);
    const draft = await fetch(`${restarted.url}/api/rule-sets/hubei-2030/draft`, { headers: auth });
    expect(draft.status).toBe(200);
    restarted.proc.kill('SIGTERM');
    await restarted.exited;
  }, 90_000);

  it('backs up the database while the service writes, and the restored copy serves the same data', async () => {
    const { server, auth } = await fresh();
    const json = { ...auth, 'content-type': 'application/json' };
    let stop = false;
    let written = 0;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const res = await fetch(`${server.url}/api/evaluate`, { method: 'POST', headers: json, body: JSON.stringify({ project: { year: 2022, name: `备份期间${i}`, region: '武汉', category: 'new', funding: { provincial: 1, localMatching: 1 } } }) });
        const saved = await fetch(`${server.url}/api/projects/wuhan-2022-01/evaluations`, { method: 'POST', headers: json, body: '{}' });
        if (res.status === 200 && saved.status === 201) written++;
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    const out = path.join(DIR, `backup-${n}.db`);
    const printed = JSON.parse(
      execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli', 'main.js'), 'backup', '--out', out], { env: { ...process.env, DATABASE_URL: `file:${server.dbFile}` }, encoding: 'utf8' }),
    );
    stop = true;
    await writer;
    expect(written).toBeGreaterThan(0);
    expect(printed).toMatchObject({ backup: out, integrity: 'ok' });
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(DIR).filter((f) => f.includes('.partial-'))).toEqual([]);
    // Refuses to overwrite an existing backup.
    expect(() => execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli', 'main.js'), 'backup', '--out', out], { env: { ...process.env, DATABASE_URL: `file:${server.dbFile}` }, stdio: 'pipe' })).toThrow();
    server.proc.kill('SIGTERM');
    await server.exited;

    // Restore as the README says: copy the backup into place (service stopped), start the service.
    const restoredFile = path.join(DIR, `restored-${n}.db`);
    fs.copyFileSync(out, restoredFile);
    const restored = await startServer(restoredFile);
    servers.push(restored);
    const projects = await (await fetch(`${restored.url}/api/projects`, { headers: auth })).json();
    expect(projects.length).toBe(printed.rows.Project);
    const evaluations = await (await fetch(`${restored.url}/api/projects/wuhan-2022-01/evaluations`, { headers: auth })).json();
    expect(evaluations.length).toBe(printed.rows.Evaluation);
    restored.proc.kill('SIGTERM');
    await restored.exited;
  }, 90_000);
});
