/** JSON Schema of a project body (the Annex 2 推荐表 plus funding, dates and progress). */
const text = (max = 2000) => ({ type: ['string', 'null'], maxLength: max });
const count = { type: ['integer', 'null'], minimum: 0, maximum: 1_000_000_000 };
const yuan = { type: ['integer', 'null'], minimum: 0, maximum: 1_000_000_000_000 };
const date = { type: ['string', 'null'], maxLength: 40 };

export const PROJECT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['year', 'name', 'region', 'category'],
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$' },
    year: { type: 'integer', minimum: 2000, maximum: 2100 },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    region: { type: 'string', minLength: 1, maxLength: 50 },
    county: text(100),
    category: { type: 'string', minLength: 1, maxLength: 30 },
    predecessor: text(200),
    leadingProduct: text(200),
    industry: { type: ['string', 'null'], maxLength: 30 },
    contact: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { name: text(50), phone: text(50) },
    },
    cluster: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: {
        enterprises: count,
        aboveScaleEnterprises: count,
        employees: count,
        profitTax2021: yuan,
        output2021: yuan,
        production2021: text(200),
        nationalPosition: text(200),
      },
    },
    mainProblems: text(),
    serviceNeeds: text(),
    supportingPolicies: text(),
    regionOpinion: text(),
    funding: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { provincial: yuan, localMatching: yuan, sourceSecured: { type: ['boolean', 'null'] } },
    },
    submitted: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { recommendation: date, summary: date },
    },
    deliverables: { type: ['array', 'null'], maxItems: 50, uniqueItems: true, items: { type: 'string', maxLength: 40 } },
    progress: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { trainings: count, trainees: count, enterprisesServed: count, problemsSolved: count, publicityItems: count },
    },
  },
} as const;

/** Annex 2 field paths a rule set may list as required (tables.annex2Fields). */
export const PROJECT_FIELD_PATHS = [
  'name', 'county', 'leadingProduct', 'industry', 'contact.name', 'contact.phone',
  'cluster.enterprises', 'cluster.aboveScaleEnterprises', 'cluster.employees', 'cluster.profitTax2021',
  'cluster.output2021', 'cluster.production2021', 'cluster.nationalPosition',
  'mainProblems', 'serviceNeeds', 'supportingPolicies', 'regionOpinion',
];
