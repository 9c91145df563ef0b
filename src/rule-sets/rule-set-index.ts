import { CategoryRow, FiveOneItem, RatingRow, RegionClassRow, RegionRow, RuleSetDocument } from './rule-set.types';

/**
 * Normalises a project name for lookups in the notice's tables: people write "十堰房县酿酒…" for
 * "十堰市（房县）酿酒…", or drop the 市/县/区 suffix, so brackets, quotes, spaces and those
 * suffix characters are ignored on both sides.
 */
export function normaliseProjectName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s()（）【】\[\]“”"'‘’《》<>「」]/g, '')
    .replace(/[市县区]/g, '')
    .toLowerCase();
}

function normaliseRegionName(name: string): string {
  return name.normalize('NFKC').replace(/\s/g, '');
}

/** Lookups over one rule-set document, built once per loaded version. */
export class RuleSetIndex {
  readonly params: Record<string, number | string | boolean>;
  private readonly regionsByName = new Map<string, RegionRow>();
  private readonly ratingsByName = new Map<string, RatingRow>();
  private readonly pairingNames = new Set<string>();
  private readonly classes = new Map<string, RegionClassRow>();
  private readonly fiveOnes = new Map<string, FiveOneItem>();
  private readonly categories = new Map<string, CategoryRow>();

  constructor(readonly doc: RuleSetDocument) {
    this.params = Object.fromEntries(doc.parameters.map((p) => [p.name, p.value]));
    for (const r of doc.tables.regions) {
      for (const n of [r.name, r.fullName, ...(r.aliases ?? [])]) this.regionsByName.set(normaliseRegionName(n), r);
    }
    for (const r of doc.tables.ratings2021) this.ratingsByName.set(normaliseProjectName(r.name), r);
    for (const p of doc.tables.pairingProjects) this.pairingNames.add(normaliseProjectName(p.name));
    for (const c of doc.tables.regionClasses) this.classes.set(c.class, c);
    for (const f of doc.tables.fiveOnes) this.fiveOnes.set(f.id, f);
    for (const c of doc.tables.categories) this.categories.set(c.id, c);
  }

  /** A region by short name (武汉), full name (武汉市) or alias; undefined when unknown. */
  region(name: string): RegionRow | undefined {
    return this.regionsByName.get(normaliseRegionName(name));
  }

  regionNames(): string[] {
    return this.doc.tables.regions.map((r) => r.name);
  }

  regionClass(cls: string): RegionClassRow | undefined {
    return this.classes.get(cls);
  }

  /** The quota of new projects for a region, from its class's parameter. */
  quotaOf(region: RegionRow): number | null {
    const param = this.classes.get(region.class)?.quotaParameter;
    const value = param ? this.params[param] : undefined;
    return typeof value === 'number' ? value : null;
  }

  rating2021(projectName: string): RatingRow | undefined {
    return this.ratingsByName.get(normaliseProjectName(projectName));
  }

  isPairingProject(projectName: string): boolean {
    return this.pairingNames.has(normaliseProjectName(projectName));
  }

  fiveOne(id: string): FiveOneItem | undefined {
    return this.fiveOnes.get(id);
  }

  category(id: string): CategoryRow | undefined {
    return this.categories.get(id);
  }

  categoryLabel(id: string): string {
    return this.categories.get(id)?.label ?? id;
  }
}
