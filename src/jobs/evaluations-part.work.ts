import { Injectable } from '@nestjs/common';
import { EvaluationRow, EvaluationsService } from '../evaluation/evaluations.service';
import { BatchParams } from './batch.types';
import { PartOutcome, PartWork } from './part-work';

/**
 * Evaluates a part's projects and stores the evaluations, as POST /api/projects/:id/evaluations
 * would one by one: evaluated before the part's transaction (on the read caches, as a request
 * does before it writes), stored in it in one statement, so a part run again after its worker
 * died stores them once, not twice. A project that cannot be evaluated is listed.
 */
@Injectable()
export class EvaluationsPartWork implements PartWork {
  constructor(private readonly evaluations: EvaluationsService) {}

  async run(items: string[], params: BatchParams): Promise<PartOutcome> {
    const rows: EvaluationRow[] = [];
    const failures: PartOutcome['record']['failures'] = [];
    for (const id of items) {
      try {
        rows.push(await this.evaluations.projectEvaluationRow(id, { stage: params.stage ?? 'application', ruleSet: params.ruleSet }));
      } catch (err) {
        failures.push({ key: id, bookmark: id, error: (err as Error).message.split('\n')[0] });
      }
    }
    return {
      files: [],
      record: { files: rows.map((r) => ({ key: r.projectId!, name: r.id })), failures },
      store: () => this.evaluations.storeEvaluationRows(rows),
    };
  }
}
