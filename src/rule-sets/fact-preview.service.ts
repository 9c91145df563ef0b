import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InputError, NotFoundError } from '../common/errors';
import { AggregateLedger, AggregatePrograms } from '../evaluation/aggregates';
import { FactCatalogue } from '../evaluation/fact-catalogue';
import { formatValue } from '../evaluation/fact-format';
import { FactProgram } from '../evaluation/fact-program';
import { ProjectsService } from '../projects/projects.service';
import { RegionProgressService } from '../regions/region-progress.service';
import { parseSubject } from '../subjects/subject-input';
import { SubjectRecord } from '../subjects/subject-identity';
import { checkExpression, ExpressionCheck, ExpressionRequest, parseExpressionRequest } from './expression-check';
import { RuleSetDraftsService } from './rule-set-drafts.service';
import { RuleSetIndex } from './rule-set-index';
import { RuleSetDocument, SubjectKind } from './rule-set.types';

export interface ExpressionPreview extends ExpressionCheck {
  value?: unknown;
  /** The value as messages and reports word it (万元, 未填写 …). */
  text?: string;
  /** What it was computed for: 项目「…」, 武汉 2022 年度进度, 测试用例「…」的第 1 个项目. */
  subject?: string;
  /** Why the value is missing for this subject (an input not filled in, a failed lookup …). */
  problem?: string | null;
}

interface Subject {
  record: SubjectRecord;
  label: string;
  /** The batch its aggregates are computed over. */
  members: { project: SubjectRecord[]; region: SubjectRecord[] };
}

const withoutRevision = ({ revision: _r, ...record }: SubjectRecord) => record;

/**
 * The expression editor's server side: checks a derived fact's CEL against the draft, and
 * computes it — with the facts it reads — for a stored project or region record (read through
 * their services, so region scoping holds), a fixture subject of the draft, or a given record.
 */
@Injectable()
export class FactPreviewService {
  constructor(
    private readonly drafts: RuleSetDraftsService,
    private readonly moduleRef: ModuleRef,
  ) {}

  async check(id: string, body: unknown): Promise<ExpressionCheck> {
    const request = parseExpressionRequest(body);
    return checkExpression((await this.drafts.get(id)).document, request).check;
  }

  async preview(id: string, body: unknown): Promise<ExpressionPreview> {
    const request = parseExpressionRequest(body);
    const doc = (await this.drafts.get(id)).document;
    const { check, candidate } = checkExpression(doc, request);
    if (!candidate) return check;
    const subject = await this.subject(doc, request);
    const kind = request.subject;
    const program = new FactProgram(candidate.doc, new FactCatalogue(candidate.doc), kind);
    const ledger = AggregateLedger.empty(new AggregatePrograms(candidate.doc)).with('project', subject.members.project).with('region', subject.members.region);
    const aggregate = (name: string) => {
      const a = candidate.doc.aggregates.find((x) => x.subject === kind && x.name === name);
      return a ? ledger.valueFor(a, subject.record) : null;
    };
    const stage = request.stage ?? (kind === 'project' ? 'application' : 'progress');
    const { value, error } = program.preview(subject.record, { stage, aggregate }, candidate.name);
    return { ...check, value, text: formatValue(candidate.type, value), subject: subject.label, problem: error };
  }

  private async subject(doc: RuleSetDocument, req: ExpressionRequest): Promise<Subject> {
    const kind = req.subject;
    const sources = [req.projectId, req.region, req.fixture, req.record, kind === 'province' ? req.year : undefined].filter((s) => s !== undefined);
    if (sources.length !== 1) {
      throw new InputError('请选择用于预览的对象', [{ pointer: '', message: '预览需要 projectId（项目）、region（市州进度）、year（全省）、fixture（测试用例中的对象）或 record 之一' }]);
    }
    if (req.fixture) return this.fixtureSubject(doc, kind, req.fixture);
    if (req.record) {
      const record = parseSubject(kind, req.record, new RuleSetIndex(doc), '/record');
      return { record, label: '填写的对象', members: { project: kind === 'project' ? [record] : [], region: kind === 'region' ? [record] : [] } };
    }
    if (kind === 'project') {
      if (!req.projectId) throw new InputError('请求数据有错误', [{ pointer: '/projectId', message: '示范项目的事实请选择一个项目预览' }]);
      const record = withoutRevision(await this.moduleRef.get(ProjectsService, { strict: false }).get(req.projectId));
      return { record, label: `项目「${String(record.name)}」`, members: await this.stored(Number(record.year)) };
    }
    if (kind === 'region') {
      if (!req.region) throw new InputError('请求数据有错误', [{ pointer: '/region', message: '市州进度的事实请选择一个市州的进度记录预览' }]);
      const record = withoutRevision(await this.moduleRef.get(RegionProgressService, { strict: false }).get(req.region.name, req.region.year));
      return { record, label: `${String(record.region)} ${String(record.year)} 年度进度`, members: await this.stored(Number(record.year)) };
    }
    if (req.year === undefined) throw new InputError('请求数据有错误', [{ pointer: '/year', message: '全省汇总的事实请选择年度预览' }]);
    return { record: { year: req.year }, label: `全省 ${req.year} 年度`, members: await this.stored(req.year) };
  }

  /** The stored projects and region records of a year: the batch a stored subject's aggregates run over. */
  private async stored(year: number): Promise<Subject['members']> {
    const [projects, regions] = await Promise.all([
      this.moduleRef.get(ProjectsService, { strict: false }).list({ year }),
      this.moduleRef.get(RegionProgressService, { strict: false }).list(year),
    ]);
    return { project: projects.map(withoutRevision), region: regions.map(withoutRevision) };
  }

  private fixtureSubject(doc: RuleSetDocument, kind: SubjectKind, ref: { test: string; index: number }): Subject {
    const i = doc.tests.findIndex((t) => t.name === ref.test);
    if (i < 0) throw new NotFoundError(`草稿没有测试用例「${ref.test}」`);
    const test = doc.tests[i];
    const index = new RuleSetIndex(doc);
    const parse = (list: 'projects' | 'regions', k: SubjectKind) => (test[list] ?? []).map((s, j) => parseSubject(k, s, index, `/tests/${i}/${list}/${j}`));
    const members = { project: parse('projects', 'project'), region: parse('regions', 'region') };
    if (kind === 'province') {
      const year = members.region[0]?.year ?? doc.year;
      return { record: { year }, label: `测试用例「${test.name}」的全省汇总`, members };
    }
    const list = kind === 'project' ? members.project : members.region;
    const record = list[ref.index];
    if (!record) throw new NotFoundError(`测试用例「${test.name}」没有第 ${ref.index + 1} 个${kind === 'project' ? '项目' : '市州进度'}`);
    const name = kind === 'project' ? String(record.name ?? record.id) : String(record.region);
    return { record, label: `测试用例「${test.name}」中的${kind === 'project' ? '项目' : '市州'}「${name}」`, members };
  }
}
