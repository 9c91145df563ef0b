/** The rule-set document as stored in rules/ and in the database (see rules/rule-set.schema.json). */

export type SubjectKind = 'project' | 'region' | 'province';
export type Stage = 'application' | 'acceptance';
export type EvaluationStage = Stage | 'progress';
export type Severity = 'blocking' | 'warning';
export type ParameterType = 'amount' | 'integer' | 'number' | 'date' | 'text' | 'boolean';
export type RegionClass = 'prefecture' | 'direct' | 'forestry';

export interface Parameter {
  name: string;
  label: string;
  type: ParameterType;
  unit?: string;
  value: number | string | boolean;
  clause: string;
  note?: string;
  assumption?: boolean;
}

export interface RegionRow {
  name: string;
  fullName: string;
  code: string;
  aliases?: string[];
  class: RegionClass;
  targets: { wan: number; qian: number; bai: number };
}

export interface RegionClassRow {
  class: RegionClass;
  label: string;
  quotaParameter: string;
}

export interface RatingRow {
  no: number;
  name: string;
  region?: string;
  rating: string;
}

export interface FiveOneItem {
  id: string;
  label: string;
  assumption?: boolean;
}

export interface CategoryRow {
  id: string;
  label: string;
  clause: string;
}

export interface FormField {
  path: string;
  label: string;
}

export interface RuleSetTables {
  regions: RegionRow[];
  regionClasses: RegionClassRow[];
  ratings2021: RatingRow[];
  fiveOnes: FiveOneItem[];
  pairingProjects: { name: string; region?: string }[];
  categories: CategoryRow[];
  industries: { id: string; label: string }[];
  annex2Fields: FormField[];
}

/** A json-rules-engine condition tree, as written in the file. */
export type ConditionNode =
  | { all: ConditionNode[] }
  | { any: ConditionNode[] }
  | { not: ConditionNode }
  | { fact: string; operator: string; value: unknown; path?: string; params?: Record<string, unknown> };

export interface RuleDefinition {
  id: string;
  title: string;
  clause: string;
  category: string;
  subject: SubjectKind;
  stage?: Stage | null;
  appliesTo?: string[];
  severity: Severity;
  points?: number;
  requirement: string;
  conditions: ConditionNode;
  messages: { pass: string; fail: string };
  note?: string;
}

export interface GradeBand {
  grade: string;
  min: number;
}

export interface Scoring {
  stages: Stage[];
  bands: GradeBand[];
  assumption?: boolean;
  note?: string;
}

export interface FixtureTest {
  name: string;
  stage?: Stage;
  projects?: unknown[];
  regions?: unknown[];
  /** subject id (project id, region name or "province") → rule id → expected outcome */
  expect: Record<string, Record<string, Outcome>>;
}

export type Outcome = 'pass' | 'fail' | 'not_applicable';

export interface RuleSetDocument {
  $schema?: string;
  id: string;
  title: string;
  noticeTitle: string;
  issuer: string;
  documentNumber: string | null;
  documentDate: string;
  year: number;
  parameters: Parameter[];
  tables: RuleSetTables;
  rules: RuleDefinition[];
  scoring: Scoring;
  tests: FixtureTest[];
}

/** A rule set with the identity of the stored version it came from. */
export interface LoadedRuleSet {
  document: RuleSetDocument;
  /** The stored version number; null for a rule set read straight from a file. */
  version: number | null;
  hash: string;
}
