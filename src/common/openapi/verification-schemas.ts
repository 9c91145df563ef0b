import { Schema } from './json-schema-30';
import { nullable, object } from './schema-refs';

/** What a matching code discloses of a stored scorecard: what the report's first lines already say. */
const VERIFIED_SCORECARD: Schema = object(
  {
    name: { type: 'string', description: '评估对象：项目名称，或市州报告的市州名称' },
    region: nullable({ type: 'string' }),
    year: { type: 'integer' },
    stage: { type: 'string', enum: ['application', 'acceptance', 'progress'] },
    stageLabel: { type: 'string', example: '申报审查' },
    outcome: { type: 'string', enum: ['符合', '不符合'] },
    ruleSet: object({ id: { type: 'string' }, version: { type: 'integer' } }),
    date: { type: 'string', format: 'date', description: '评估日期（北京时间）' },
  },
  undefined,
  '核验码一致时公开的全部信息（仅在 match 为 true 时给出）',
);

/** The public verifier's answer (src/verification): the same for a wrong code and an unknown evaluation. */
export const VERIFICATION_SCHEMAS: Record<string, Schema> = {
  VerificationResult: object({
    evaluationId: { type: 'string' },
    code: { type: 'string', example: 'BF21-9069-96CE-09DB', description: '规范写法的核验码' },
    match: { type: 'boolean', description: '核验码是否与该评估编号存档的评估记录一致' },
    message: { type: 'string' },
    // Inline rather than a $ref: 3.0 cannot make a referenced schema nullable.
    scorecard: nullable(VERIFIED_SCORECARD),
  }),
};
