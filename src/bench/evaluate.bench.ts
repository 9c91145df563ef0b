import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * npm run bench:evaluate — 10,000 sample 2022 projects (prisma/seed/bench-projects-2022.json) evaluated at the application stage with
 * full results, against the straightforward path (a fresh json-rules-engine Engine per project from
 * the same rule JSON, every fact the rule set declares computed by CEL). Runs each three times,
 * alternating, and prints medians and the ratio. Then the CLI on the same 10,000 projects, as a
 * user runs it: wall time and the process's peak resident memory (its output streamed to a file).
 */
import { Evaluator, ruleFactNames } from '../evaluation/evaluator';
import { runWithFreshEngine } from '../evaluation/rules-engine';
import { Project } from '../projects/project.types';
import { loadRuleSetFile } from '../rule-sets/rule-set-loader';
import { sampleProjects } from './pdf-fixtures';

const COUNT = Number(process.env.BENCH_COUNT ?? 10_000);
const ROUNDS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const evaluator = new Evaluator(loadRuleSetFile('hubei-2022'));
  const projects = sampleProjects(COUNT);
  const rules = evaluator.ruleSet.document.rules;
  const params = Object.fromEntries(Object.entries(evaluator.index.params).map(([k, v]) => [`param.${k}`, v]));
  const ledger = evaluator.ledger({ project: projects });
  const program = evaluator.programs.project;
  // The straightforward path computes every derived fact (it has no plan of which apply) and
  // hands the engine the input fields that some rule reads.
  const read = new Set(rules.flatMap((r) => ruleFactNames(r, evaluator.messages)));
  const inputs = evaluator.index.fields('project').filter((f) => read.has(f.key));

  let checksum = 0;
  const ours = async () => {
    const report = await evaluator.evaluateProjectList(projects, 'application');
    checksum = report.evaluations.reduce((n, e) => n + e.results.length, 0);
  };
  const baseline = async () => {
    for (const p of projects) {
      const facts = program.compute(p, { stage: 'application', aggregate: (name) => ledger.valueFor(evaluator.ruleSet.document.aggregates.find((a) => a.name === name)!, p) }, program.order, undefined, inputs);
      await runWithFreshEngine(rules, params, facts);
    }
  };

  await ours(); // warm-up: compile engines and templates once, as a running service would have
  const peakAfterOurs = process.resourceUsage().maxRSS * 1024;
  const oursMs: number[] = [];
  const baseMs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    oursMs.push(await timeIt(ours));
    baseMs.push(await timeIt(baseline));
  }
  const ourMedian = median(oursMs);
  const baseMedian = median(baseMs);
  console.log(`bench:evaluate — ${COUNT} projects, application stage, ${rules.length} rules each (${checksum} rule results per run)`);
  console.log(`  ours (engines reused, full results):  median ${ourMedian.toFixed(0)} ms  → ${((COUNT / ourMedian) * 1000).toFixed(0)} evaluations/s  [runs: ${oursMs.map((m) => m.toFixed(0)).join(', ')} ms]`);
  console.log(`  baseline (fresh Engine per project, every derived fact computed): median ${baseMedian.toFixed(0)} ms  → ${((COUNT / baseMedian) * 1000).toFixed(0)} evaluations/s  [runs: ${baseMs.map((m) => m.toFixed(0)).join(', ')} ms]`);
  console.log(`  speed-up: ${(baseMedian / ourMedian).toFixed(2)}×`);
  console.log(`  peak RSS after our runs: ${mib(peakAfterOurs)} MiB; at the end (baseline included): ${mib(process.resourceUsage().maxRSS * 1024)} MiB`);
  console.log(`  goal: at least 2× the baseline → ${baseMedian / ourMedian >= 2 ? 'met' : 'NOT met'}`);
  await cliBench(projects);
}

/** The kernel's high-water mark of a process's resident memory, in KiB (0 once it is gone). */
function peakRssKiB(pid: number): number {
  try {
    return Number(/^VmHWM:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** One `cli evaluate` of a project file, output to a file: wall milliseconds and peak RSS. */
function cliRun(projectsFile: string, outFile: string): Promise<{ ms: number; peakMiB: number }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const out = fs.openSync(outFile, 'w');
    const child = spawn(process.execPath, [path.join(__dirname, '..', 'cli', 'main.js'), 'evaluate', '--rules', 'hubei-2022', '--projects', projectsFile], { stdio: ['ignore', out, 'inherit'] });
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, peakRssKiB(child.pid!))), 10);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      fs.closeSync(out);
      if (code !== 0) return reject(new Error(`cli evaluate exited with ${code}`));
      resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, peakMiB: peak / 1024 });
    });
  });
}

async function cliBench(projects: Project[]): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-evaluate-'));
  try {
    const file = path.join(dir, 'projects.json');
    fs.writeFileSync(file, JSON.stringify(projects));
    const runs = [];
    for (let r = 0; r < ROUNDS; r++) runs.push(await cliRun(file, path.join(dir, 'out.json')));
    const ms = median(runs.map((r) => r.ms));
    const peak = Math.max(...runs.map((r) => r.peakMiB));
    const size = fs.statSync(path.join(dir, 'out.json')).size / 1024 / 1024;
    console.log(`  CLI evaluate of the same ${COUNT} projects (start-up, parse, evaluate, ${size.toFixed(0)} MiB of JSON streamed to a file):`);
    console.log(`    median ${ms.toFixed(0)} ms [runs: ${runs.map((r) => r.ms.toFixed(0)).join(', ')} ms], peak RSS ${peak.toFixed(0)} MiB`);
    console.log(`    goal: ≤ 4000 ms and ≤ 512 MiB for the whole process → ${ms <= 4000 && peak <= 512 ? 'met' : 'NOT met'}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
