import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InputError, NotFoundError, Problem } from '../common/errors';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { runFixtures } from './fixture-runner';
import { diffRuleSets } from './rule-set-diff';
import { parseJsonText } from './rule-set-files';
import { ruleSetHash } from './rule-set-hash';
import { validateRuleSet } from './rule-set-validator';
import { CURRENT_FORMAT, LoadedRuleSet, RuleSetDocument } from './rule-set.types';
import { RuleSetsService } from './rule-sets.service';
import { currentFormat } from './format-1-upgrade';
import { assertCanReadDraft } from './draft-access';
import { SUBJECT_LABELS } from '../subjects/subject-identity';

export interface Draft {
  ruleSetId: string;
  version: number;
  revision: number;
  baseRuleSetId: string | null;
  baseVersion: number | null;
  hash: string;
  document: RuleSetDocument;
}

type DraftRow = {
  ruleSetId: string; version: number; revision: number; baseRuleSetId: string | null; baseVersion: number | null; hash: string; content: string;
};

/** A draft as a loaded rule set (drafts are stored in the current format). */
export function asLoaded(draft: Draft): LoadedRuleSet {
  return { document: draft.document, version: draft.version, hash: draft.hash, storedFormat: CURRENT_FORMAT };
}

function toDraft(row: DraftRow): Draft {
  return {
    ruleSetId: row.ruleSetId, version: row.version, revision: row.revision, baseRuleSetId: row.baseRuleSetId,
    baseVersion: row.baseVersion, hash: row.hash, document: currentFormat(parseJsonText(row.content, '草稿')),
  };
}

/**
 * The one editable draft of a rule set. Every write is validated as a whole document before it is
 * saved, names the revision it was based on (a stale one gets 409), and is audited with its diff.
 * A refused write leaves the stored draft byte-for-byte as it was.
 */
@Injectable()
export class RuleSetDraftsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly ruleSets: RuleSetsService,
    private readonly audit: AuditService,
  ) {}

  async get(id: string): Promise<Draft> {
    const row = await this.prisma.ruleSetVersion.findFirst({ where: { ruleSetId: id, status: 'draft' } });
    if (!row) {
      await this.ruleSets.requireSet(id);
      throw new NotFoundError(`规则集“${id}”当前没有草稿，请先从某个版本新建草稿`);
    }
    assertCanReadDraft(id, row.version, 'draft'); // every route to draft content passes here
    return toDraft(row);
  }

  /** Starts the draft from a published version (default: the active, else the latest). */
  async start(id: string, fromVersion?: number): Promise<Draft> {
    const set = await this.ruleSets.requireSet(id);
    const versions = await this.prisma.ruleSetVersion.findMany({ where: { ruleSetId: id }, orderBy: { version: 'asc' } });
    if (versions.some((v) => v.status === 'draft')) throw new ConflictError(`规则集“${id}”已有草稿，请继续编辑或先放弃该草稿`);
    const from = fromVersion ?? set.activeVersion ?? versions[versions.length - 1]?.version;
    const base = await this.ruleSets.loadVersion(id, from!);
    return this.create(id, base.document, { ruleSetId: id, version: base.version! }, 'draft.start', `从第 ${base.version} 版新建草稿`);
  }

  /** Creates a draft row (used by start, clone and import). */
  async create(
    id: string, document: RuleSetDocument, base: { ruleSetId: string; version: number } | null, action: string, comment: string,
    tx?: Prisma.TransactionClient,
  ): Promise<Draft> {
    const write = async (db: Prisma.TransactionClient) => {
      const last = await db.ruleSetVersion.findFirst({ where: { ruleSetId: id }, orderBy: { version: 'desc' } });
      const row = await db.ruleSetVersion.create({
        data: {
          ruleSetId: id, version: (last?.version ?? 0) + 1, status: 'draft', content: JSON.stringify(document, null, 2),
          hash: ruleSetHash(document), revision: 1, baseRuleSetId: base?.ruleSetId ?? null, baseVersion: base?.version ?? null,
        },
      });
      await this.audit.record({ action, ruleSetId: id, version: row.version, comment }, db);
      return toDraft(row);
    };
    return tx ? write(tx) : this.prisma.write(write);
  }

  /** Applies an edit to the draft the caller last saw; validates the whole result first. */
  async edit(id: string, baseRevision: number | undefined, action: string, change: (doc: RuleSetDocument) => RuleSetDocument): Promise<Draft> {
    const draft = await this.get(id);
    this.checkRevision(draft, baseRevision);
    const next = change(draft.document);
    const problems = validateRuleSet(next);
    if (problems.length > 0) throw new InputError(`修改未保存：规则集有 ${problems.length} 处错误`, problems);
    if ((next as RuleSetDocument).id !== id) throw new InputError('修改未保存', [{ pointer: '/id', message: `规则集标识不能修改（应为 ${id}）` }]);
    const changes = diffRuleSets(draft.document, next);
    return this.prisma.write(async (tx) => {
      const result = await tx.ruleSetVersion.updateMany({
        where: { ruleSetId: id, version: draft.version, status: 'draft', revision: draft.revision },
        data: { content: JSON.stringify(next, null, 2), hash: ruleSetHash(next), revision: draft.revision + 1 },
      });
      if (result.count === 0) throw this.stale(id);
      await this.audit.record({ action, ruleSetId: id, version: draft.version, diff: changes }, tx);
      return { ...draft, document: next, revision: draft.revision + 1, hash: ruleSetHash(next) };
    });
  }

  async discard(id: string, baseRevision: number | undefined): Promise<void> {
    const draft = await this.get(id);
    this.checkRevision(draft, baseRevision);
    await this.prisma.write(async (tx) => {
      const result = await tx.ruleSetVersion.deleteMany({ where: { ruleSetId: id, version: draft.version, status: 'draft', revision: draft.revision } });
      if (result.count === 0) throw this.stale(id);
      await this.audit.record({ action: 'draft.discard', ruleSetId: id, version: draft.version }, tx);
    });
  }

  async validate(id: string): Promise<{ valid: boolean; problems: Problem[] }> {
    const problems = validateRuleSet((await this.get(id)).document);
    return { valid: problems.length === 0, problems };
  }

  async test(id: string) {
    const draft = await this.get(id);
    const problems = validateRuleSet(draft.document);
    if (problems.length > 0) throw new InputError(`草稿有 ${problems.length} 处错误，无法运行测试`, problems);
    return runFixtures(asLoaded(draft));
  }

  /**
   * Publishes the draft as an immutable version: refused (400) unless it validates, its fixtures
   * pass and a comment says why. Activates it for its year unless `activate` is false.
   */
  async publish(id: string, body: { comment?: unknown; activate?: unknown }, baseRevision: number | undefined) {
    const comment = typeof body?.comment === 'string' ? body.comment.trim() : '';
    if (!comment) throw new InputError('发布需要填写说明', [{ pointer: '/comment', message: '请说明本次发布的原因' }]);
    if (body.activate !== undefined && typeof body.activate !== 'boolean') {
      throw new InputError('请求数据有错误', [{ pointer: '/activate', message: '应为 true 或 false' }]);
    }
    const draft = await this.get(id);
    this.checkRevision(draft, baseRevision);
    const problems = validateRuleSet(draft.document);
    if (problems.length > 0) throw new InputError(`草稿有 ${problems.length} 处错误，不能发布`, problems);
    const run = await runFixtures(asLoaded(draft));
    if (!run.passed) {
      const details = run.tests.flatMap((t, i) =>
        t.passed ? [] : t.error ? [{ pointer: `/tests/${i}`, message: `测试「${t.name}」出错：${t.error}` }]
          : t.mismatches.map((m) => ({ pointer: `/tests/${i}/expect/${m.subject}/${m.ruleId}`, message: `测试「${t.name}」：${m.subject} 的 ${m.ruleId} 应为 ${m.expected}，实际为 ${m.actual}（${m.message}）` })));
      details.push(...run.uncovered.map((u) => ({ pointer: '/tests', message: u.message })));
      const missing = run.uncovered.map((u) => SUBJECT_LABELS[u.kind]).join('、');
      throw new InputError(run.failed > 0 ? `有 ${run.failed} 个测试用例未通过，不能发布` : `${missing}规则没有测试用例，不能发布`, details);
    }
    const base = draft.baseVersion ? await this.ruleSets.loadVersion(draft.baseRuleSetId ?? id, draft.baseVersion) : null;
    const diff = base ? diffRuleSets(base.document, draft.document) : [];
    const activate = body.activate !== false;
    await this.prisma.write(async (tx) => {
      const result = await tx.ruleSetVersion.updateMany({
        where: { ruleSetId: id, version: draft.version, status: 'draft', revision: draft.revision },
        data: { status: 'published', publishedAt: new Date(), comment, hash: draft.hash },
      });
      if (result.count === 0) throw this.stale(id);
      await tx.ruleSet.update({ where: { id }, data: { title: draft.document.title, year: draft.document.year } });
      await this.audit.record({ action: 'publish', ruleSetId: id, version: draft.version, comment, diff }, tx);
      if (activate) await this.ruleSets.activateIn(tx, id, draft.document.year, draft.version, comment);
    });
    return { ruleSetId: id, version: draft.version, hash: draft.hash, activated: activate, tests: { total: run.total, failed: run.failed } };
  }

  private checkRevision(draft: Draft, baseRevision: number | undefined): void {
    if (baseRevision === undefined) {
      throw new InputError('缺少 If-Match 请求头：请带上草稿的 revision，以免覆盖他人的修改', [{ pointer: 'If-Match', message: `当前 revision 为 ${draft.revision}` }]);
    }
    if (baseRevision !== draft.revision) throw this.stale(draft.ruleSetId, draft.revision, baseRevision);
  }

  private stale(id: string, current?: number, base?: number): ConflictError {
    const detail = current !== undefined ? `（当前 revision ${current}，你的修改基于 ${base}）` : '';
    return new ConflictError(`规则集“${id}”的草稿已被他人修改${detail}，你的修改未保存。请重新加载后再改`);
  }
}
