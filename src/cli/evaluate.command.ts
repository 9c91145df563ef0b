import { InputError } from '../common/errors';
import { Evaluator } from '../evaluation/evaluator';
import { parseProject } from '../projects/project-input';
import { nextProjectId } from '../projects/project-id';
import { Project } from '../projects/project.types';
import { parseRegionProgress } from '../regions/region-progress-input';
import { readJsonFile } from '../rule-sets/rule-set-files';
import { loadRuleSetFile } from '../rule-sets/rule-set-loader';
import { Stage } from '../rule-sets/rule-set.types';
import { parseArgs, printReport } from './cli-args';

function asArray(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') return [value];
  throw new InputError(`${what}应为 JSON 数组（或单个对象）`);
}

/** Parses a file's projects; ids missing in the file are assigned (wuhan-2022-01, …). */
export function parseProjectFile(file: string, evaluator: Evaluator): Project[] {
  const items = asArray(readJsonFile(file, '项目文件'), '项目文件');
  const problems: InputError[] = [];
  const projects: Project[] = [];
  items.forEach((item, i) => {
    try {
      projects.push(parseProject(item, evaluator.index, `/${i}`));
    } catch (err) {
      if (err instanceof InputError) problems.push(err);
      else throw err;
    }
  });
  if (problems.length > 0) throw new InputError(`项目文件“${file}”有错误`, problems.flatMap((e) => e.details));
  const ids = new Set(projects.map((p) => p.id).filter(Boolean));
  for (const p of projects) {
    if (!p.id) {
      p.id = nextProjectId(p.region, p.year, evaluator.index, (id) => ids.has(id));
      ids.add(p.id);
    }
  }
  return projects;
}

/** npm run -s cli -- evaluate --rules <path|id> (--projects <file> [--stage …] | --regions <file>) */
export async function evaluateCommand(argv: string[]): Promise<number> {
  const { options } = parseArgs(argv, ['rules', 'projects', 'regions', 'stage']);
  if (!options.rules) throw new InputError('缺少 --rules <规则集文件或标识>');
  if (!options.projects === !options.regions) throw new InputError('请给出 --projects <文件> 或 --regions <文件> 之一');
  const stage = (options.stage ?? 'application') as Stage;
  if (!['application', 'acceptance'].includes(stage)) throw new InputError(`未知的阶段“${stage}”，可选：application、acceptance`);
  const evaluator = new Evaluator(loadRuleSetFile(options.rules));
  if (options.projects) {
    const projects = parseProjectFile(options.projects, evaluator);
    await printReport({ ruleSet: evaluator.ref, stage }, evaluator.eachProject(projects, stage));
  } else {
    const items = asArray(readJsonFile(options.regions, '市州进度文件'), '市州进度文件');
    const records = items.map((r, i) => parseRegionProgress(r, evaluator.index, `/${i}`));
    await printReport({ ruleSet: evaluator.ref, stage: 'progress' }, evaluator.eachRegion(records));
  }
  return 0;
}
