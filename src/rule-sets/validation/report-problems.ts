import { pointer, Problem } from '../../common/errors';
import { rowVariables } from '../../evaluation/cel/notice-variables';
import { placeholders, placeholderSyntaxProblem } from '../../evaluation/message-text';
import { InfoEntry, SubjectKind } from '../rule-set.types';
import { celMessage, ValidationContext } from './validation-context';

/** The report layouts: every fact they show exists for their subject, every rule they name exists. */
export function reportProblems(ctx: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  const r = ctx.doc.reports;
  const ruleIds = new Set(ctx.doc.rules.map((x) => x.id));
  const fact = (kind: SubjectKind, name: string, at: string) => {
    if (!ctx.catalogue.has(kind, name)) problems.push({ pointer: at, message: `未知的事实或参数“${name}”` });
  };
  const rule = (id: string | undefined, at: string) => {
    if (id !== undefined && !ruleIds.has(id)) problems.push({ pointer: at, message: `规则“${id}”不存在` });
  };
  const text = (kind: SubjectKind, template: string | undefined, at: string) => {
    if (!template) return;
    const syntax = placeholderSyntaxProblem(template);
    if (syntax) problems.push({ pointer: at, message: syntax });
    else for (const n of placeholders(template)) fact(kind, n, at);
  };
  const information = (kind: SubjectKind, entries: InfoEntry[] | undefined, at: (...rest: (string | number)[]) => string) => {
    (entries ?? []).forEach((e, i) => {
      if (!e.fact === !e.ratio) problems.push({ pointer: at(i), message: '每一项应为 fact（一个事实）或 ratio（两个事实之比）之一' });
      if (e.fact) fact(kind, e.fact, at(i, 'fact'));
      e.ratio?.forEach((n, j) => fact(kind, n, at(i, 'ratio', j)));
    });
  };
  information('project', r.project.information, (...rest) => pointer('reports', 'project', 'information', ...rest));
  r.summary.amounts.forEach((a, i) => fact('project', a.fact, pointer('reports', 'summary', 'amounts', i, 'fact')));
  const region = r.region;
  information('region', region.information, (...rest) => pointer('reports', 'region', 'information', ...rest));
  text('region', region.headline, pointer('reports', 'region', 'headline'));
  region.measures?.rows.forEach((m, i) => {
    fact('region', m.target, pointer('reports', 'region', 'measures', 'rows', i, 'target'));
    fact('region', m.achieved, pointer('reports', 'region', 'measures', 'rows', i, 'achieved'));
    rule(m.rule, pointer('reports', 'region', 'measures', 'rows', i, 'rule'));
  });
  region.deadlines?.rows.forEach((d, i) => {
    fact('region', d.due, pointer('reports', 'region', 'deadlines', 'rows', i, 'due'));
    fact('region', d.submitted, pointer('reports', 'region', 'deadlines', 'rows', i, 'submitted'));
    rule(d.rule, pointer('reports', 'region', 'deadlines', 'rows', i, 'rule'));
  });
  if (region.rows) {
    const rows = region.rows;
    text('region', rows.note, pointer('reports', 'region', 'rows', 'note'));
    text('region', rows.noteWithoutRows, pointer('reports', 'region', 'rows', 'noteWithoutRows'));
    const env = ctx.envWith(`rows|${rows.field}`, () => rowVariables(ctx.doc, 'region', rows.field));
    if (!env) problems.push({ pointer: pointer('reports', 'region', 'rows', 'field'), message: `市州进度没有明细表字段“${rows.field}”` });
    else {
      rows.checks.forEach((c, i) => {
        const checked = env.check(c.cel);
        if (!checked.ok) problems.push({ pointer: pointer('reports', 'region', 'rows', 'checks', i, 'cel'), message: celMessage(checked.problem) });
      });
    }
  }
  return problems;
}
