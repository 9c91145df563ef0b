/** JSON Schema of a region progress record (Annex 3 achievements and the county table). */
const count = { type: ['integer', 'null'], minimum: 0, maximum: 1_000_000_000 };
const date = { type: ['string', 'null'], maxLength: 40 };

export const REGION_PROGRESS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['year', 'region'],
  properties: {
    year: { type: 'integer', minimum: 2000, maximum: 2100 },
    region: { type: 'string', minLength: 1, maxLength: 50 },
    achieved: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { wan: count, qian: count, bai: count },
    },
    counties: {
      type: ['array', 'null'],
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100 },
          trainings: count,
          trainees: count,
          stations: count,
        },
      },
    },
    submitted: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { plan: date, summary: date },
    },
  },
} as const;
