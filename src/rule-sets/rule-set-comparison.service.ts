import { Injectable } from '@nestjs/common';
import { InputError, NotFoundError } from '../common/errors';
import { PrismaService } from '../prisma/prisma.service';
import { assertCanReadDraft, canReadDrafts } from './draft-access';
import { diffRuleSets } from './rule-set-diff';
import { RuleSetDraftsService } from './rule-set-drafts.service';
import { RuleSetDocument } from './rule-set.types';
import { RuleSetsService } from './rule-sets.service';

interface Side {
  id: string;
  version: number;
  status: string;
  document: RuleSetDocument;
}

/** Diffs between versions: "3", "draft", or "hubei-2022@1" for another rule set's version. */
@Injectable()
export class RuleSetComparisonService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly ruleSets: RuleSetsService,
    private readonly drafts: RuleSetDraftsService,
  ) {}

  async diff(id: string, from?: string, to?: string) {
    await this.ruleSets.requireSet(id);
    // Without `to`, the draft is compared for those who may read it, else the version in force.
    const hasDraft = canReadDrafts() && !!(await this.prisma.ruleSetVersion.findFirst({ where: { ruleSetId: id, status: 'draft' } }));
    const b = await this.side(id, to ?? (hasDraft ? 'draft' : 'active'), 'to');
    const a = from ? await this.side(id, from, 'from') : await this.baseOf(b);
    const changes = diffRuleSets(a.document, b.document);
    return {
      from: { id: a.id, version: a.version, status: a.status },
      to: { id: b.id, version: b.version, status: b.status },
      changes,
    };
  }

  private async baseOf(side: Side): Promise<Side> {
    const row = await this.prisma.ruleSetVersion.findUnique({ where: { ruleSetId_version: { ruleSetId: side.id, version: side.version } } });
    if (row?.baseVersion) return this.side(row.baseRuleSetId ?? side.id, String(row.baseVersion), 'from');
    if (side.version > 1) return this.side(side.id, String(side.version - 1), 'from');
    throw new InputError('请指定要比较的版本', [{ pointer: '?from', message: `第 ${side.version} 版没有上一版本` }]);
  }

  private async side(id: string, ref: string, name: string): Promise<Side> {
    if (ref === 'draft') {
      const row = await this.prisma.ruleSetVersion.findFirst({ where: { ruleSetId: id, status: 'draft' }, select: { version: true } });
      if (row) assertCanReadDraft(id, row.version, `?${name}`);
      const draft = await this.drafts.get(id);
      return { id, version: draft.version, status: 'draft', document: draft.document };
    }
    if (ref === 'active') {
      const set = await this.ruleSets.requireSet(id);
      if (!set.activeVersion) throw new NotFoundError(`规则集“${id}”没有生效版本`);
      ref = String(set.activeVersion);
    }
    const m = /^(?:([a-z0-9][a-z0-9-]*)@)?(\d+)$/.exec(ref);
    if (!m) throw new InputError('版本格式无效', [{ pointer: `?${name}`, message: `“${ref}”应为版本号、draft 或 规则集@版本号` }]);
    const otherId = m[1] ?? id;
    const { loaded, status } = await this.ruleSets.versionRow(otherId, Number(m[2]), `?${name}`);
    return { id: otherId, version: loaded.version!, status, document: loaded.document };
  }
}
