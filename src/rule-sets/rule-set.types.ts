/**
 * The rule-set document (format 2) as stored in rules/ and in the database; see
 * rules/rule-set.schema.json and the README. A rule set is the whole notice: what it asks for
 * (the input fields of each subject kind), what it computes (derived facts in CEL, aggregates over
 * a batch) and what it requires (json-rules-engine rules), plus its tables, parameters, report
 * layout, scoring and fixture tests. The code knows only the identity of a subject.
 */

export type SubjectKind = 'project' | 'region' | 'province';
export type Stage = 'application' | 'acceptance';
export type EvaluationStage = Stage | 'progress';
export type Severity = 'blocking' | 'warning';
export type ParameterType = 'amount' | 'integer' | 'number' | 'date' | 'text' | 'boolean';
export type Outcome = 'pass' | 'fail' | 'not_applicable';

/** The current document format; format 1 documents are upgraded when loaded (format-1-upgrade.ts). */
export const CURRENT_FORMAT = 2;

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

// ---- tables -------------------------------------------------------------------------------------

export type ColumnType = 'text' | 'integer' | 'amount' | 'number' | 'date' | 'boolean' | 'list';

export interface TableColumn {
  /** Dotted path inside a row ("targets.wan"). */
  key: string;
  label: string;
  type: ColumnType;
  required?: boolean;
  unit?: string;
  /** The values name something else of the rule set: a row of another table, or a parameter. */
  references?: { table?: string; parameter?: boolean; field?: SubjectKind };
}

export type TableRow = Record<string, unknown>;

/**
 * A table of the notice (Annex 1 ratings, Annex 3 targets, the categories …). Two tables are
 * identity and every rule set has them: `regions` (name, fullName, optional aliases and code) and
 * `categories` (id, label).
 */
export interface TableDefinition {
  label: string;
  /** The column whose value identifies a row (unique); choice fields store it. */
  key: string;
  /** The column shown to people for a row (defaults to `label`, then the key). */
  display?: string;
  columns: TableColumn[];
  rows: TableRow[];
  note?: string;
}

// ---- the subjects' input fields -----------------------------------------------------------------

export type FieldType = 'text' | 'integer' | 'amount' | 'number' | 'date' | 'boolean' | 'choice' | 'multiChoice' | 'rows';

/** When a field must be filled in: always, or at some stages and for some project categories. */
export type RequiredWhen = boolean | { stages?: Stage[]; categories?: string[] };

export interface FieldDefinition {
  /** The stored path (dotted) and the fact's name; never changes, whatever the label says. */
  key: string;
  label: string;
  type: FieldType;
  /** Shown beside the input (家, 人, 次); amounts are always entered in 万元 and stored in 元. */
  unit?: string;
  /** Section id (model.<kind>.sections) the form and the template place the field in. */
  section?: string;
  required?: RequiredWhen;
  /** Bounds of integer, amount (元) and number fields. */
  min?: number;
  max?: number;
  /** Longest text; for multiChoice, most items. */
  maxLength?: number;
  /** A long text: the form shows a text area. */
  multiline?: boolean;
  /** choice / multiChoice: the table whose key column holds the allowed values. */
  table?: string;
  help?: string;
  /** text: a table whose display column the form offers as suggestions (names in Annex 1). */
  suggestions?: string;
  /** Other headers accepted for this field when a spreadsheet is imported. */
  aliases?: string[];
  /** rows: the fields of one row. */
  fields?: FieldDefinition[];
  /** rows: the field whose value is unique among the rows (a county's name). */
  rowKey?: string;
  /** rows: most rows. */
  maxRows?: number;
}

export interface FormSection {
  id: string;
  label: string;
}

export interface SubjectModel {
  sections: FormSection[];
  fields: FieldDefinition[];
}

export type NoticeModel = Record<SubjectKind, SubjectModel>;

// ---- what the notice computes -------------------------------------------------------------------

export type FactType = 'text' | 'integer' | 'amount' | 'number' | 'date' | 'boolean' | 'list';

/** A fact computed from a subject's inputs, the parameters, the tables and other facts, in CEL. */
export interface DerivedFact {
  name: string;
  subject: SubjectKind;
  label: string;
  type: FactType;
  unit?: string;
  cel: string;
  note?: string;
}

export type GroupKey = 'year' | 'region' | 'category';

/**
 * A portfolio fact: computed once per batch over many subjects (`over`), grouped, and read by each
 * subject of kind `subject` as its own group's value (new projects of a region and year; the
 * province's total stations). In `where` and `sum`, `s` is one member's input.
 */
export interface AggregateFact {
  name: string;
  subject: SubjectKind;
  label: string;
  type: 'integer' | 'amount' | 'number';
  unit?: string;
  over: 'project' | 'region';
  where?: string;
  groupBy: GroupKey[];
  /** Exactly one of count (members that match) and sum (a CEL number per member). */
  count?: boolean;
  sum?: string;
  note?: string;
}

// ---- what the notice requires -------------------------------------------------------------------

/** A json-rules-engine condition tree, as written in the file. */
export type ConditionNode =
  | { all: ConditionNode[] }
  | { any: ConditionNode[] }
  | { not: ConditionNode }
  | ConditionLeaf;

export interface ConditionLeaf {
  fact: string;
  operator: string;
  value: unknown;
  path?: string;
  params?: Record<string, unknown>;
}

/** A message for a rule that failed because a fact it reads is not filled in. */
export interface MissingMessage {
  fact: string;
  message: string;
}

export interface RuleMessages {
  pass: string;
  fail: string;
  /** Checked in order when the rule fails: the first fact not filled in gives the message. */
  missing?: MissingMessage[];
}

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
  messages: RuleMessages;
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

// ---- how the reports lay the notice out ---------------------------------------------------------

/** One cell pair of an information table: a fact's label and value, or a ratio of two facts. */
export interface InfoEntry {
  label?: string;
  fact?: string;
  /** [numerator, denominator]: shown as a percentage. */
  ratio?: [string, string];
  /** What a ratio says when its denominator is zero and its numerator is not. */
  whenZero?: string;
  note?: string;
  /** Take the whole row. */
  wide?: boolean;
}

export interface MeasureRow {
  label: string;
  target: string;
  achieved: string;
  rule?: string;
}

export interface DeadlineRow {
  label: string;
  due: string;
  submitted: string;
  rule?: string;
}

export interface RowCheck {
  label: string;
  /** CEL over `row` (one row of the field) and `param`. */
  cel: string;
  pass: string;
  fail: string;
}

export interface ReportLayouts {
  project: {
    titles: Record<Stage, string>;
    information: InfoEntry[];
  };
  region: {
    title: string;
    /** One line under the name; placeholders as in messages. */
    headline?: string;
    information?: InfoEntry[];
    measures?: { title: string; rows: MeasureRow[] };
    rows?: { title: string; field: string; checks: RowCheck[]; note?: string; noteWithoutRows?: string };
    deadlines?: { title: string; rows: DeadlineRow[] };
  };
  summary: {
    /** "{{year}}" is replaced by the year. */
    title: string;
    amounts: { label: string; fact: string }[];
  };
}

// ---- tests --------------------------------------------------------------------------------------

export interface FixtureTest {
  name: string;
  stage?: Stage;
  projects?: unknown[];
  regions?: unknown[];
  /** subject id (project id, region name or "province") → rule id → expected outcome */
  expect: Record<string, Record<string, Outcome>>;
}

export interface RuleSetDocument {
  $schema?: string;
  formatVersion: number;
  id: string;
  title: string;
  noticeTitle: string;
  issuer: string;
  documentNumber: string | null;
  documentDate: string;
  year: number;
  parameters: Parameter[];
  tables: Record<string, TableDefinition>;
  model: NoticeModel;
  facts: DerivedFact[];
  aggregates: AggregateFact[];
  rules: RuleDefinition[];
  scoring: Scoring;
  reports: ReportLayouts;
  tests: FixtureTest[];
  /**
   * How messages name facts: placeholders ({{funding.provincial}}, the default) or, for rule sets
   * that began as format 1, the Handlebars templates of that format ({{wan funding.provincial}}).
   */
  messageSyntax?: 'placeholders' | 'handlebars';
}

/** A rule set with the identity of the stored version it came from. */
export interface LoadedRuleSet {
  /** The document in the current format (upgraded in memory when stored in an older one). */
  document: RuleSetDocument;
  /** The stored version number; null for a rule set read straight from a file. */
  version: number | null;
  /** Hash of the document as stored: an upgrade in memory never changes a version's identity. */
  hash: string;
  /** The format it was stored in (1: upgraded in memory when loaded). */
  storedFormat: number;
}
