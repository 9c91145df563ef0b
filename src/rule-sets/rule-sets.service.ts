import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InputError, NotFoundError } from '../common/errors';
import { Prisma } from '../generated/prisma/client';
import { Evaluator } from '../evaluation/evaluator';
import { PrismaService } from '../prisma/prisma.service';
import { UntilChangedCache } from '../prisma/until-changed.cache';
import { parseJsonText } from './rule-set-files';
import { assertCanReadDraft, canReadDrafts, draftRefusal } from './draft-access';
import { canChooseRuleSet, namesActive, otherRuleSetRefusal, RuleSetChoice } from './rule-set-choice';
import { formatOf } from './format-1-upgrade';
import { loadRuleSetDocument, trustedRuleSet } from './rule-set-loader';
import { LoadedRuleSet, RuleSetDocument } from './rule-set.types';

const LISTED_VERSIONS = {
  versions: { orderBy: { version: 'asc' }, select: { version: true, status: true, hash: true, createdAt: true, publishedAt: true, comment: true } },
} satisfies Prisma.RuleSetInclude;

/** Stored rule sets and their versions, and the evaluators compiled from them (cached by hash). */
@Injectable()
export class RuleSetsService {
  private readonly evaluators = new Map<string, Evaluator>();
  private readonly published = new Map<string, LoadedRuleSet>();
  private readonly activeSets: UntilChangedCache<{ id: string; activeVersion: number | null } | null>;
  /** Rule sets with their versions as listed, kept until the database changes. */
  private readonly lists: UntilChangedCache<Prisma.RuleSetGetPayload<{ include: typeof LISTED_VERSIONS }>[]>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {
    this.activeSets = new UntilChangedCache(prisma);
    this.lists = new UntilChangedCache(prisma);
  }

  async requireSet(id: string) {
    const set = await this.prisma.ruleSet.findUnique({ where: { id } });
    if (!set) throw new NotFoundError(`规则集“${id}”不存在`);
    return set;
  }

  /** Rule sets with their versions; those who may not read drafts see published versions only. */
  async list(where: { id?: string } = {}) {
    const sets = await this.lists.get(JSON.stringify(where), () => this.prisma.ruleSet.findMany({ where, orderBy: [{ year: 'desc' }, { id: 'asc' }], include: LISTED_VERSIONS }));
    const drafts = canReadDrafts();
    // Fresh objects for each caller: the rows stay in the cache.
    return sets
      .map((s) => ({ id: s.id, title: s.title, year: s.year, activeVersion: s.activeVersion, versions: s.versions.filter((v) => drafts || v.status === 'published').map((v) => ({ ...v })) }))
      .filter((s) => s.versions.length > 0 || drafts);
  }

  async summary(id: string) {
    const [set] = await this.list({ id });
    if (!set) throw await this.absentOrOnlyDraft(id);
    const version = set.activeVersion ?? set.versions[set.versions.length - 1]?.version;
    const loaded = await this.loadVersion(id, version);
    return { ...set, version, hash: loaded.hash, document: loaded.document };
  }

  async loadVersion(id: string, version: number): Promise<LoadedRuleSet> {
    return (await this.versionRow(id, version)).loaded;
  }

  /** A published version: drafts can change, so evaluations and activation only take these. */
  async loadPublished(id: string, version: number): Promise<LoadedRuleSet> {
    const { loaded, status } = await this.versionRow(id, version);
    if (status !== 'published') throw new ConflictError(`规则集“${id}”第 ${version} 版是草稿，尚未发布`);
    return loaded;
  }

  /**
   * Published versions never change, so they are parsed once and kept: every evaluation request
   * would otherwise read and parse the whole document again. Drafts are always read fresh.
   * Returns the version's status with it, for callers that treat drafts differently.
   */
  async versionRow(id: string, version: number, pointer = 'version'): Promise<{ loaded: LoadedRuleSet; status: string }> {
    const key = `${id}@${version}`;
    const cached = this.published.get(key);
    if (cached) return { loaded: cached, status: 'published' };
    const row = await this.prisma.ruleSetVersion.findUnique({ where: { ruleSetId_version: { ruleSetId: id, version } } });
    if (!row) throw new NotFoundError(`规则集“${id}”没有第 ${version} 版`);
    if (row.status !== 'published') assertCanReadDraft(id, version, pointer);
    const loaded = trustedRuleSet(parseJsonText(row.content, '规则集'), row.version, row.hash);
    if (row.status === 'published') this.published.set(key, loaded);
    return { loaded, status: row.status };
  }

  /** The active version of the rule set for a year: what evaluations of that year use by default. */
  async activeForYear(year: number): Promise<LoadedRuleSet> {
    // Every evaluation asks this; activation is rare, and any write makes the cache read again.
    const set = await this.activeSets.get(String(year), () =>
      this.prisma.ruleSet.findFirst({ where: { year, activeVersion: { not: null } }, orderBy: { updatedAt: 'desc' }, select: { id: true, activeVersion: true } }),
    );
    if (!set) throw new InputError(`没有 ${year} 年度的有效规则集`, [{ pointer: '/year', message: `没有 ${year} 年度的有效规则集` }]);
    return this.loadVersion(set.id, set.activeVersion!);
  }

  /**
   * A named version, or the year's active one. Only policy and admin may name another: for
   * everyone else a name other than the active version is refused (403) before it is looked up.
   */
  async resolve(year: number, ref?: RuleSetChoice | null, pointer = '/ruleSet'): Promise<LoadedRuleSet> {
    if (!ref) return this.activeForYear(year);
    if (!canChooseRuleSet()) {
      const active = await this.activeForYear(year);
      if (!namesActive(ref, active)) throw otherRuleSetRefusal(year, active, pointer);
      return active;
    }
    if (ref.version !== undefined) return this.loadPublished(ref.id, ref.version);
    const set = await this.prisma.ruleSet.findUnique({ where: { id: ref.id } });
    if (!set?.activeVersion) throw new NotFoundError(`规则集“${ref.id}”不存在或没有生效版本`);
    return this.loadPublished(ref.id, set.activeVersion);
  }

  evaluatorFor(ruleSet: LoadedRuleSet): Evaluator {
    const key = `${ruleSet.document.id}@${ruleSet.version}:${ruleSet.hash}`;
    let evaluator = this.evaluators.get(key);
    if (!evaluator) {
      evaluator = new Evaluator(ruleSet);
      this.evaluators.set(key, evaluator);
    }
    return evaluator;
  }

  /** Stores a validated document as a new published version, active unless told otherwise (used by the seed). */
  async publishDocument(input: unknown, createdBy: string, comment: string, activate = true): Promise<LoadedRuleSet> {
    const loaded = loadRuleSetDocument(input, null);
    const stored = input as RuleSetDocument;
    const doc = loaded.document;
    return this.prisma.write(async (tx) => {
      const last = await tx.ruleSetVersion.findFirst({ where: { ruleSetId: doc.id }, orderBy: { version: 'desc' } });
      const version = (last?.version ?? 0) + 1;
      await tx.ruleSet.upsert({
        where: { id: doc.id },
        create: { id: doc.id, title: doc.title, year: doc.year },
        update: { title: doc.title, year: doc.year },
      });
      await tx.ruleSetVersion.create({
        data: {
          ruleSetId: doc.id, version, status: 'published', content: JSON.stringify(stored, null, 2),
          hash: loaded.hash, comment, createdBy, publishedAt: new Date(),
        },
      });
      await this.audit.record({ action: 'publish', ruleSetId: doc.id, version, comment }, tx);
      if (activate) await this.activateIn(tx, doc.id, doc.year, version, comment);
      return { ...loaded, version };
    });
  }

  /**
   * Makes a published version the one its year's evaluations use. One rule set is active per
   * year, so activating one deactivates the others of that year. Activating an older version is
   * the rollback.
   */
  async activate(id: string, version: number, comment?: string): Promise<{ ruleSetId: string; activeVersion: number; previous: number | null }> {
    const set = await this.requireSet(id);
    const loaded = await this.loadPublished(id, version);
    await this.prisma.write((tx) => this.activateIn(tx, id, loaded.document.year, version, comment ?? null));
    return { ruleSetId: id, activeVersion: version, previous: set.activeVersion };
  }

  async activateIn(tx: Prisma.TransactionClient, id: string, year: number, version: number, comment: string | null): Promise<void> {
    const previous = await tx.ruleSet.findUnique({ where: { id } });
    await tx.ruleSet.updateMany({ where: { year, id: { not: id }, activeVersion: { not: null } }, data: { activeVersion: null } });
    await tx.ruleSet.update({ where: { id }, data: { activeVersion: version, year } });
    await this.audit.record({ action: 'activate', ruleSetId: id, version, comment, diff: { from: previous?.activeVersion ?? null, to: version } }, tx);
  }

  async versions(id: string) {
    await this.requireSet(id);
    const rows = await this.prisma.ruleSetVersion.findMany({
      where: { ruleSetId: id }, orderBy: { version: 'asc' },
      select: { version: true, status: true, hash: true, revision: true, baseRuleSetId: true, baseVersion: true, comment: true, createdAt: true, publishedAt: true },
    });
    if (canReadDrafts()) return rows;
    const published = rows.filter((r) => r.status === 'published');
    if (published.length === 0) throw await this.absentOrOnlyDraft(id);
    return published;
  }

  /** 404 for a rule set that does not exist; 403 for one that is still only a draft. */
  private async absentOrOnlyDraft(id: string): Promise<Error> {
    await this.requireSet(id);
    const draft = await this.prisma.ruleSetVersion.findFirst({ where: { ruleSetId: id, status: 'draft' }, select: { version: true } });
    return draft ? draftRefusal(id, draft.version, 'id') : new NotFoundError(`规则集“${id}”没有已发布的版本`);
  }

  /** A version exactly as stored, in the file format the rules/ folder uses (for export and the CLI). */
  async exportVersion(id: string, version: number): Promise<RuleSetDocument> {
    const row = await this.prisma.ruleSetVersion.findUnique({ where: { ruleSetId_version: { ruleSetId: id, version } } });
    if (!row) throw new NotFoundError(`规则集“${id}”没有第 ${version} 版`);
    if (row.status !== 'published') assertCanReadDraft(id, version, 'version');
    const { $schema: _s, ...doc } = parseJsonText(row.content, '规则集') as RuleSetDocument;
    const schema = formatOf(doc) === 1 ? './formats/format-1.schema.json' : './rule-set.schema.json';
    return { $schema: schema, ...doc } as RuleSetDocument;
  }
}