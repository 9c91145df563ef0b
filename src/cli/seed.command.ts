import fs from 'node:fs';
import { INestApplicationContext } from '@nestjs/common';
import path from 'node:path';
import { ROOT_DIR } from '../config/app-config';
import { PrismaService } from '../prisma/prisma.service';
import { ProjectsService } from '../projects/projects.service';
import { RegionProgressService } from '../regions/region-progress.service';
import { readJsonFile, shippedRuleSetFiles } from '../rule-sets/rule-set-files';
import { RuleSetsService } from '../rule-sets/rule-sets.service';
import { formatOf, isShippedFormat1 } from '../rule-sets/format-1-upgrade';
import { withAppContext } from './app-context';

const SEED_DIR = path.join(ROOT_DIR, 'prisma', 'seed');

/**
 * Idempotent seed: publishes each rule set shipped in rules/ that the database lacks, and loads the
 * sample projects and region progress of prisma/seed/ into an empty database, so a newcomer sees
 * real data at once. Never overwrites what users stored.
 *
 * A shipped rule set whose stored versions are all format 1 (published before the notice's model
 * moved into the rule set) gets the shipped format 2 document as a new version, made active if a
 * format 1 version was: published versions are never changed, evaluations keep the version they
 * used, and the bureau's later versions are left alone.
 */
export async function seedCommand(): Promise<number> {
  // Machines starting together on one PostgreSQL database seed one after the other: the second
  // finds what the first stored.
  return withAppContext((app) => app.get(PrismaService).exclusively('seed', () => seed(app)));
}

async function seed(app: INestApplicationContext): Promise<number> {
  const prisma = app.get(PrismaService);
  const ruleSets = app.get(RuleSetsService);
  for (const file of shippedRuleSetFiles()) {
    const doc = readJsonFile(file, '规则集文件') as { id: string };
    const set = await prisma.ruleSet.findUnique({ where: { id: doc.id }, include: { versions: { select: { version: true, content: true, status: true, hash: true } } } });
    if (!set) {
      await ruleSets.publishDocument(doc, 'seed', `初始导入 ${path.basename(file)}`);
      process.stderr.write(`[seed] rule set ${doc.id} published as version 1\n`);
      continue;
    }
    const formats = set.versions.filter((v) => v.status === 'published').map((v) => formatOf(JSON.parse(v.content)));
    if (formats.length > 0 && formats.every((f) => f === 1) && formatOf(doc) !== 1) {
      // Activate it only in place of the format 1 version this product shipped: a version the
      // bureau edited stays in force until policy staff compare the two and choose.
      const active = set.versions.find((v) => v.version === set.activeVersion);
      const activate = active !== undefined && isShippedFormat1(doc.id, active.hash);
      const loaded = await ruleSets.publishDocument(doc, 'seed', `规则集升级为格式 2：字段、派生事实与规则均在规则集中（${path.basename(file)}）`, activate);
      process.stderr.write(`[seed] rule set ${doc.id}: format 2 published as version ${loaded.version}${activate ? ' and activated' : `; version ${set.activeVersion} (edited by the bureau) stays active: compare and activate in the rule-set page`}\n`);
    }
  }
  if ((await prisma.project.count()) === 0) {
    const projects = app.get(ProjectsService);
    for (const p of readJsonFile(path.join(SEED_DIR, 'projects-2022.json'), '示例项目') as unknown[]) await projects.create(p);
    process.stderr.write('[seed] sample projects loaded\n');
  }
  if ((await prisma.regionProgress.count()) === 0 && fs.existsSync(path.join(SEED_DIR, 'region-progress-2022.json'))) {
    const progress = app.get(RegionProgressService);
    for (const r of readJsonFile(path.join(SEED_DIR, 'region-progress-2022.json'), '示例市州进度') as unknown[]) await progress.create(r);
    process.stderr.write('[seed] sample region progress loaded\n');
  }
  return 0;
}
