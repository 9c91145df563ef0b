import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The command line as a user runs it: `node dist/cli/main.js …` in a child process (npm test's
 * set-up builds dist/ first). stdout must carry only JSON; bad input exits 2 with one line on stderr.
 */
const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
const OK = path.join(ROOT, 'test', 'fixtures', 'ok');
const NOT_OK = path.join(ROOT, 'test', 'fixtures', 'not-ok');
const RULES = path.join(ROOT, 'rules', 'hubei-2022.json');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Exit 2, nothing on stdout, and exactly one line on stderr. */
function expectBadInput(run: Run): string {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
  const lines = run.stderr.split('\n').filter((l) => l.length > 0);
  expect(lines).toHaveLength(1);
  expect(run.stderr.endsWith('\n')).toBe(true);
  return lines[0];
}

interface RuleResult {
  ruleId: string;
  outcome: string;
  message: string;
  conditions: { fact: string; operator: string; expected: unknown; actual: unknown; result: boolean }[];
}

interface Report {
  ruleSet: { id: string; version: number | null; hash: string };
  stage: string;
  evaluations: { subject: { kind: string; id: string; name: string; region: string | null }; compliant: boolean; score: number | null; grade: string | null; results: RuleResult[] }[];
}

const RULE_COUNT = (JSON.parse(fs.readFileSync(RULES, 'utf8')) as { rules: unknown[] }).rules.length;
const FIXTURE_COUNT = (JSON.parse(fs.readFileSync(RULES, 'utf8')) as { tests: unknown[] }).tests.length;

let tmp: string;

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npm test runs the set-up, or npx tsc -p tsconfig.build.json)`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-e2e-'));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('cli evaluate', () => {
  it('prints only the evaluation JSON on stdout, in the domain.md shape, and exits 0', async () => {
    const run = await cli('evaluate', '--rules', 'hubei-2022', '--projects', path.join(OK, 'projects-2022.json'));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Report;
    expect(report.ruleSet).toEqual({ id: 'hubei-2022', version: null, hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(report.stage).toBe('application');
    expect(report.evaluations.map((e) => [e.subject.id, e.subject.region, e.compliant, e.score, e.grade])).toEqual([
      ['wuhan-2022-01', '武汉', true, null, null],
      ['huangshi-2022-01', '黄石', false, null, null],
      ['yichang-2022-01', '宜昌', true, null, null],
    ]);
    for (const e of report.evaluations) expect(e.results).toHaveLength(RULE_COUNT);

    const huangshi = report.evaluations[1].results;
    const cap = huangshi.find((r) => r.ruleId === 'funding.cap.new')!;
    expect(cap).toMatchObject({
      title: '新项目省级资金上限', clause: '三（二）', severity: 'blocking', outcome: 'fail',
      message: '申请省级资金26万元，超过上限25万元',
      conditions: [{ fact: 'funding.provincial', operator: 'lessThanInclusive', expected: 250000, actual: 260000, result: false }],
    });
    // "2022-03-25T16:30:00Z" is already the 26th in Hubei.
    expect(huangshi.find((r) => r.ruleId === 'deadline.recommendation')!.message).toBe('推荐表于2022年3月26日报送，晚于截止日期2022年3月25日');
    expect(report.evaluations[0].results.find((r) => r.ruleId === 'deadline.recommendation')!.outcome).toBe('pass');
    expect(report.evaluations[2].results.find((r) => r.ruleId === 'eligibility.continued-excellent')!.outcome).toBe('pass');
  });

  it('accepts a rule-set path and the acceptance stage, with score and grade', async () => {
    const run = await cli('evaluate', '--rules', RULES, '--projects', path.join(OK, 'projects-2022.json'), '--stage', 'acceptance');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.stage).toBe('acceptance');
    expect([report.evaluations[0].score, report.evaluations[0].grade, report.evaluations[0].compliant]).toEqual([100, '优秀', true]);
    expect(report.evaluations[2].results.find((r) => r.ruleId === 'deliverables.five-ones')!.outcome).toBe('fail');
  });

  it('evaluates region progress and the province aggregate', async () => {
    const run = await cli('evaluate', '--rules', 'hubei-2022', '--regions', path.join(OK, 'regions-2022.json'));
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.stage).toBe('progress');
    expect(report.evaluations.map((e) => [e.subject.kind, e.subject.id, e.compliant])).toEqual([
      ['region', '神农架', true],
      ['region', '仙桃', false],
      ['province', 'province', false],
    ]);
    const xiantao = report.evaluations[1].results;
    expect(xiantao.find((r) => r.ruleId === 'coverage.training')!.message).toBe('1个县市区培训未达标：仙桃市');
    expect(report.evaluations[2].results.find((r) => r.ruleId === 'coverage.stations-total')!.message).toBe('全省已建成“一站式”服务站1个，未达到150个');
  });

  describe('bad input: exit 2 with a one-line Chinese reason', () => {
    it('unknown file', async () => {
      const missing = path.join(tmp, 'no-such-file.json');
      expect(expectBadInput(await cli('evaluate', '--rules', 'hubei-2022', '--projects', missing))).toBe(`错误：无法读取项目文件“${missing}”：文件不存在或不可读`);
    });

    it('malformed JSON, with line and column', async () => {
      const line = expectBadInput(await cli('evaluate', '--rules', 'hubei-2022', '--projects', path.join(NOT_OK, 'malformed.json')));
      expect(line).toMatch(/^错误：项目文件“.*malformed\.json”不是有效的 JSON（第 2 行第 93 列）/);
    });

    it('a string where a number belongs names /0/funding/provincial', async () => {
      const line = expectBadInput(await cli('evaluate', '--rules', 'hubei-2022', '--projects', path.join(NOT_OK, 'string-amount.json')));
      expect(line).toMatch(/^错误：项目文件“.*string-amount\.json”有错误：\/0\/funding\/provincial 类型错误：应为整数/);
    });

    it('unknown region lists the valid names', async () => {
      const line = expectBadInput(await cli('evaluate', '--rules', 'hubei-2022', '--projects', path.join(NOT_OK, 'unknown-region.json')));
      expect(line).toContain('/0/region 未知的市州“武昌”，可选：武汉、黄石、十堰、襄阳、宜昌、荆州、荆门、鄂州、孝感、黄冈、咸宁、随州、恩施、仙桃、天门、潜江、神农架');
    });

    it('unknown category lists the valid ones', async () => {
      const line = expectBadInput(await cli('evaluate', '--rules', 'hubei-2022', '--projects', path.join(NOT_OK, 'unknown-category.json')));
      expect(line).toContain('/0/category 未知的项目类别“renewal”，可选：new（2022年度新项目）、continued（2021年度优秀项目延续）');
    });

    it('unknown option', async () => {
      const line = expectBadInput(await cli('evaluate', '--rules', 'hubei-2022', '--projects', path.join(OK, 'projects-2022.json'), '--verbose'));
      expect(line).toBe('错误：未知的选项 --verbose，可用：--rules --projects --regions --stage');
    });

    it('unknown stage', async () => {
      const line = expectBadInput(await cli('evaluate', '--rules', 'hubei-2022', '--projects', path.join(OK, 'projects-2022.json'), '--stage', 'final'));
      expect(line).toBe('错误：未知的阶段“final”，可选：application、acceptance');
    });

    it('unknown rule set', async () => {
      const line = expectBadInput(await cli('evaluate', '--rules', 'hubei-2099', '--projects', path.join(OK, 'projects-2022.json')));
      expect(line).toBe('错误：找不到规则集“hubei-2099”：既不是文件，也不是 rules/ 中的规则集标识');
    });

    it('every problem of a file in the one line, each with its pointer', async () => {
      const file = path.join(tmp, 'two-bad.json');
      const projects = JSON.parse(fs.readFileSync(path.join(OK, 'projects-2022.json'), 'utf8')) as Record<string, unknown>[];
      projects[0].region = '武昌';
      projects[2].funding = { provincial: 200000.5 };
      fs.writeFileSync(file, JSON.stringify(projects));
      const line = expectBadInput(await cli('evaluate', '--rules', 'hubei-2022', '--projects', file));
      expect(line).toContain('/0/region 未知的市州“武昌”');
      expect(line).toContain('/2/funding/provincial 类型错误');
    });
  });
});

describe('cli rules', () => {
  it('validate: the shipped rule set is valid (exit 0, JSON on stdout)', async () => {
    const run = await cli('rules', 'validate', RULES);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ file: RULES, valid: true, problems: [] });
  });

  it('validate: a broken copy exits 1 and lists every problem with its JSON pointer', async () => {
    const doc = JSON.parse(fs.readFileSync(RULES, 'utf8')) as {
      parameters: { name: string; value: unknown }[];
      rules: { id: string; conditions: { all: { fact: string; operator: string }[] } }[];
      tests: { expect: Record<string, Record<string, string>> }[];
    };
    const cap = doc.rules.findIndex((r) => r.id === 'funding.cap.new');
    const deadline = doc.parameters.findIndex((p) => p.name === 'recommendationDeadline');
    doc.rules[cap].conditions.all[0].operator = 'atMost';
    doc.rules[cap + 1].conditions.all[0].fact = 'funding.provincal';
    doc.rules.push(structuredClone(doc.rules[cap]));
    doc.parameters[deadline].value = '2022-02-30';
    doc.tests[0].expect['t-new-ok']['no.such.rule'] = 'pass';
    const file = path.join(tmp, 'broken-rule-set.json');
    fs.writeFileSync(file, JSON.stringify(doc, null, 2));

    const run = await cli('rules', 'validate', file);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { valid: boolean; problems: { pointer: string; message: string }[] };
    expect(out.valid).toBe(false);
    expect(out.problems.map((p) => p.pointer)).toEqual([
      `/rules/${doc.rules.length - 1}/id`,
      `/parameters/${deadline}/value`,
      `/rules/${cap}/conditions/all/0/operator`,
      `/rules/${cap + 1}/conditions/all/0/fact`,
      `/rules/${doc.rules.length - 1}/conditions/all/0/operator`,
      '/tests/0/expect/t-new-ok/no.such.rule',
    ]);
    expect(run.stderr).toBe(`规则集有 ${out.problems.length} 处错误\n`);
  });

  it('validate: a file that is not JSON is bad input (exit 2)', async () => {
    const line = expectBadInput(await cli('rules', 'validate', path.join(NOT_OK, 'malformed.json')));
    expect(line).toMatch(/^错误：规则集文件“.*malformed\.json”不是有效的 JSON/);
  });

  it('test: runs the fixtures and prints "N passed, 0 failed" on stderr', async () => {
    const run = await cli('rules', 'test', RULES);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`${FIXTURE_COUNT} passed, 0 failed\n`);
    const out = JSON.parse(run.stdout) as { passed: boolean; total: number; failed: number };
    expect([out.passed, out.total, out.failed]).toEqual([true, FIXTURE_COUNT, 0]);
  });

  it('test: a fixture expecting the wrong outcome exits 1 and says which', async () => {
    const doc = JSON.parse(fs.readFileSync(RULES, 'utf8')) as { tests: { expect: Record<string, Record<string, string>> }[] };
    doc.tests[0].expect['t-new-ok']['funding.cap.new'] = 'fail';
    const file = path.join(tmp, 'wrong-fixture.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    const run = await cli('rules', 'test', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`${FIXTURE_COUNT - 1} passed, 1 failed\n`);
    const out = JSON.parse(run.stdout) as { tests: { passed: boolean; mismatches: unknown[] }[] };
    expect(out.tests[0].mismatches).toEqual([
      { subject: 't-new-ok', ruleId: 'funding.cap.new', expected: 'fail', actual: 'pass', message: '申请省级资金25万元，未超过上限25万元' },
    ]);
  });
});
