import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pdfPages, pdfTextCompact } from './support/pdf-tools';

/** `npm run -s cli -- report …` as a user runs it: the built CLI, real files, real Chromium. */
const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
const PROJECTS = path.join(ROOT, 'test', 'fixtures', 'ok', 'projects-2022.json');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

let tmp: string;
beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npm test runs the set-up, or npx tsc -p tsconfig.build.json)`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'report-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('cli report', () => {
  it('writes one PDF per project and the year summary, and lists them as JSON on stdout', async () => {
    const out = path.join(tmp, 'out');
    const run = await cli('report', '--rules', 'hubei-2022', '--projects', PROJECTS, '--out', out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { reports: { project: string; file: string; pages: number }[]; summaries: string[]; failures: unknown[] };
    const projects = JSON.parse(fs.readFileSync(PROJECTS, 'utf8')) as { id: string; name: string }[];
    expect(result.reports.map((r) => r.project)).toEqual(projects.map((p) => p.id));
    expect(result.failures).toEqual([]);
    expect(fs.readdirSync(out).sort()).toEqual([...result.reports.map((r) => path.basename(r.file)), '2022年度汇总表.pdf'].sort());
    for (const [i, r] of result.reports.entries()) {
      const pdf = fs.readFileSync(r.file);
      expect(pdfPages(pdf)).toBe(r.pages);
      const text = pdfTextCompact(pdf);
      expect(text).toContain(projects[i].name);
      expect(text).toContain(`第1页共${r.pages}页`);
      expect(text).toMatch(/评估编号：file-[0-9a-f]{16}/);
    }
    const first = pdfTextCompact(fs.readFileSync(result.reports[0].file));
    expect(first).toContain('所属市州武汉县市区东湖高新区');
    expect(first).toContain('省级资金25万元地方配套资金25万元');
    expect(first).toContain('本报告判定为不适用：“万”：中小企业质量提升行动任务');
    const summary = pdfTextCompact(fs.readFileSync(result.summaries[0]));
    expect(summary).toContain('2022年度省级质量提升示范项目评估汇总表');
    // The region 黄石市 is summed as the regions table names it, in its order.
    expect(summary).toMatch(/武汉1\d25万元25万元黄石1\d26万元26万元宜昌1\d20万元20万元合计3\d71万元71万元/);
  });

  it('prints with a rule-set file a policy officer edited: new labels, a new field, another amount column', async () => {
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'rules', 'hubei-2022.json'), 'utf8'));
    doc.id = 'hubei-2022-edited';
    doc.model.project.fields.find((f: { key: string }) => f.key === 'cluster.profitTax2021').label = '2022年利税';
    doc.model.project.fields.push({ key: 'chainLeader', label: '链主企业', type: 'text', section: 'basic' });
    doc.reports.project.information.push({ fact: 'cluster.profitTax2021' }, { fact: 'cluster.employees' }, { fact: 'chainLeader', wide: true });
    doc.reports.summary.amounts.push({ label: '利税', fact: 'cluster.profitTax2021' });
    const rules = path.join(tmp, 'edited.json');
    fs.writeFileSync(rules, JSON.stringify(doc));
    const projects = JSON.parse(fs.readFileSync(PROJECTS, 'utf8')) as Record<string, unknown>[];
    const file = path.join(tmp, 'edited-projects.json');
    fs.writeFileSync(file, JSON.stringify([{ ...projects[0], chainLeader: '武汉锐科光纤激光' }, projects[1]]));
    const out = path.join(tmp, 'edited-out');
    const run = await cli('report', '--rules', rules, '--projects', file, '--out', out);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { reports: { file: string }[]; summaries: string[] };
    const first = pdfTextCompact(fs.readFileSync(result.reports[0].file));
    expect(first).toContain('2022年利税12000万元从业人数28000人');
    expect(first).toContain('链主企业武汉锐科光纤激光');
    expect(first).not.toContain('2021年利税');
    expect(pdfTextCompact(fs.readFileSync(result.summaries[0]))).toMatch(/合计2\d51万元51万元24000万元/);
  });

  it('refuses bad input with exit 2 and one line on stderr', async () => {
    const run = await cli('report', '--rules', 'hubei-2022', '--projects', PROJECTS);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^错误：缺少 --out/);
    const bad = await cli('report', '--rules', 'hubei-2022', '--projects', path.join(ROOT, 'test', 'fixtures', 'not-ok', 'unknown-region.json'), '--out', tmp);
    expect(bad.code).toBe(2);
  });

  it('leaves no half-written PDF behind when interrupted', async () => {
    const out = path.join(tmp, 'interrupted');
    const child = spawn(process.execPath, [CLI, 'report', '--rules', 'hubei-2022', '--projects', PROJECTS, '--out', out], { cwd: ROOT });
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    // Interrupt while Chromium is printing: wait for the browser to appear as the CLI's child.
    let browser: number | undefined;
    for (let i = 0; i < 200 && !browser; i++) {
      await new Promise((r) => setTimeout(r, 50));
      browser = childrenOf(child.pid!).find((pid) => /chrom/.test(fs.readFileSync(`/proc/${pid}/comm`, 'utf8')));
    }
    expect(browser).toBeDefined();
    child.kill('SIGINT');
    const code = await exited;
    expect([0, 130]).toContain(code);
    // No orphan: the browser the CLI started is gone with it.
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(browser!)).toBe(false);
    const files = fs.existsSync(out) ? fs.readdirSync(out) : [];
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Whatever was written is whole.
    for (const f of files) expect(pdfPages(fs.readFileSync(path.join(out, f)))).toBeGreaterThan(0);
  });
});
