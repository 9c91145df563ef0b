import { Injectable } from '@nestjs/common';
import { EvaluationsService } from '../evaluation/evaluations.service';
import { BatchParams } from './batch.types';
import { PartOutcome, PartWork } from './part-work';

/**
 * Evaluates a part's projects and stores the evaluations, as POST /api/projects/:id/evaluations
 * would one by one. The evaluations are made in the part's transaction: a part run again after
 * its worker died stores them once, not twice. A project that cannot be evaluated is listed.
 */
@Injectable()
export class EvaluationsPartWork implements PartWork {
  constructor(private readonly evaluations: EvaluationsService) {}

  async run(items: string[], params: BatchParams): Promise<PartOutcome> {
    const record: PartOutcome['record'] = { files: [], failures: [] };
    return {
      files: [],
      record,
      store: async () => {
        for (const id of items) {
          try {
            const stored = await this.evaluations.evaluateProject(id, { stage: params.stage ?? 'application', ruleSet: params.ruleSet });
            record.files.push({ key: id, name: stored.id });
          } catch (err) {
            record.failures.push({ key: id, bookmark: id, error: (err as Error).message.split('\n')[0] });
          }
        }
      },
    };
  }
}
