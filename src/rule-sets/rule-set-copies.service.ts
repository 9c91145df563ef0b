import { Injectable } from '@nestjs/common';
import { ConflictError, InputError } from '../common/errors';
import { compileSchema, describeSchemaErrors } from '../common/json-validator';
import { PrismaService } from '../prisma/prisma.service';
import { Draft, RuleSetDraftsService } from './rule-set-drafts.service';
import { validateRuleSet } from './rule-set-validator';
import { RuleSetDocument } from './rule-set.types';
import { RuleSetsService } from './rule-sets.service';

export const CLONE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'year', 'title'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,63}$' },
    year: { type: 'integer', minimum: 2000, maximum: 2100 },
    title: { type: 'string', minLength: 1, maxLength: 200 },
    fromVersion: { type: 'integer', minimum: 1 },
  },
};
const validateClone = compileSchema(CLONE_SCHEMA);

/** New rule sets from existing ones: next year's notice by clone, or a file by import. */
@Injectable()
export class RuleSetCopiesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly ruleSets: RuleSetsService,
    private readonly drafts: RuleSetDraftsService,
  ) {}

  /** Copies a version into a new rule set (new id, year, title) as its draft; rule ids carry over. */
  async clone(sourceId: string, body: unknown): Promise<Draft> {
    if (!validateClone(body)) throw new InputError('请求数据有错误', describeSchemaErrors(validateClone.errors));
    const { id, year, title, fromVersion } = body as { id: string; year: number; title: string; fromVersion?: number };
    const source = await this.ruleSets.requireSet(sourceId);
    const version = fromVersion ?? source.activeVersion;
    if (!version) throw new InputError('请指定要复制的版本', [{ pointer: '/fromVersion', message: `规则集“${sourceId}”没有生效版本` }]);
    const base = await this.ruleSets.loadPublished(sourceId, version);
    const document: RuleSetDocument = { ...structuredClone(base.document), id, year, title };
    const problems = validateRuleSet(document);
    if (problems.length > 0) throw new InputError('复制后的规则集无效', problems);
    return this.prisma.write(async (tx) => {
      if (await tx.ruleSet.findUnique({ where: { id } })) throw new ConflictError(`规则集“${id}”已存在`, [{ pointer: '/id', message: '标识已被使用' }]);
      await tx.ruleSet.create({ data: { id, title, year } });
      return this.drafts.create(id, document, { ruleSetId: sourceId, version }, 'clone', `复制自 ${sourceId} 第 ${version} 版`, tx);
    });
  }

  /**
   * Imports a rule-set file as a draft: of a new rule set, or of an existing one that has no draft.
   * Validated like any write; a bad file changes nothing.
   */
  async import(input: unknown): Promise<Draft> {
    const problems = validateRuleSet(input);
    if (problems.length > 0) throw new InputError(`规则集文件有 ${problems.length} 处错误，未导入`, problems);
    const { $schema: _s, ...document } = input as RuleSetDocument;
    return this.prisma.write(async (tx) => {
      const existing = await tx.ruleSet.findUnique({ where: { id: document.id } });
      if (!existing) {
        await tx.ruleSet.create({ data: { id: document.id, title: document.title, year: document.year } });
        return this.drafts.create(document.id, document, null, 'import', '导入规则集文件', tx);
      }
      if (await tx.ruleSetVersion.findFirst({ where: { ruleSetId: document.id, status: 'draft' } })) {
        throw new ConflictError(`规则集“${document.id}”已有草稿，请先发布或放弃该草稿再导入`);
      }
      const base = existing.activeVersion ? { ruleSetId: document.id, version: existing.activeVersion } : null;
      return this.drafts.create(document.id, document, base, 'import', '导入规则集文件为新草稿', tx);
    });
  }
}
