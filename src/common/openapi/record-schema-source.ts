import { OpenAPIObject } from '@nestjs/swagger';
import { RuleSetsService } from '../../rule-sets/rule-sets.service';
import { LoadedRuleSet } from '../../rule-sets/rule-set.types';
import { normalizeSchemas } from './normalize';
import { recordSchemas } from './record-schemas';

/**
 * The served document with project and region-record schemas made from the active rule set of the
 * newest year, rebuilt when that version changes (publishing, activating). The rest of the
 * document is built once at start-up.
 */
export class RecordSchemaSource {
  private key: string | null = null;
  private served: OpenAPIObject;

  constructor(
    private readonly base: OpenAPIObject,
    private readonly ruleSets: RuleSetsService,
  ) {
    this.served = base;
  }

  async document(): Promise<OpenAPIObject> {
    const loaded = await this.newestActive().catch(() => null);
    const key = loaded ? `${loaded.document.id}@${loaded.version}:${loaded.hash}` : '';
    if (key !== this.key) {
      const doc: OpenAPIObject = { ...this.base, paths: {}, components: { ...this.base.components, schemas: recordSchemas(loaded) as never } };
      normalizeSchemas(doc);
      this.served = { ...this.base, components: { ...this.base.components, schemas: { ...this.base.components?.schemas, ...doc.components!.schemas } } };
      this.key = key;
    }
    return this.served;
  }

  private async newestActive(): Promise<LoadedRuleSet | null> {
    const newest = (await this.ruleSets.list()).filter((s) => s.activeVersion !== null).sort((a, b) => b.year - a.year)[0];
    return newest ? this.ruleSets.activeForYear(newest.year) : null;
  }
}
