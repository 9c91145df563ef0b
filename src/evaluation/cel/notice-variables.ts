import { ColumnType, FieldDefinition, RuleSetDocument, SubjectKind } from '../../rule-sets/rule-set.types';
import { IDENTITY } from '../../subjects/subject-identity';
import { FactCatalogue, FactValueType, RESERVED_NAMESPACES } from '../fact-catalogue';
import { CEL_BOOL, CEL_DYN, CEL_NUMBER, CEL_STRING, celList, celObject, CelType } from './cel-types';

/**
 * The CEL variables of a rule set, built from its declarations:
 * - `input`: the subject's identity and declared fields (absent values are absent: has() is false);
 * - `param`: the parameters; `tables`: every table's rows; `stage`: the stage evaluated;
 * - `missingFields`: labels of the required fields not filled in at this stage and category;
 * - one variable per first segment of the derived, aggregate and identity facts, so that
 *   `region.quota` reads the fact named region.quota.
 */

export function valueCelType(type: FactValueType | ColumnType): CelType {
  switch (type) {
    case 'integer':
    case 'amount':
    case 'number': return CEL_NUMBER;
    case 'boolean': return CEL_BOOL;
    case 'list':
    case 'multiChoice': return celList(CEL_STRING);
    case 'rows': return celList(CEL_DYN);
    default: return CEL_STRING;
  }
}

function fieldCelType(field: FieldDefinition, typeName: string): CelType {
  if (field.type === 'rows') {
    return celList(celObject(typeName, (field.fields ?? []).map((f) => [f.key, fieldCelType(f, `${typeName}_${f.key.replace(/\./g, '_')}`)])));
  }
  return valueCelType(field.type);
}

export function inputCelType(doc: RuleSetDocument, kind: SubjectKind): CelType & { kind: 'object' } {
  const name = `Input_${kind}`;
  return celObject(name, [
    ...IDENTITY[kind].map((f): [string, CelType] => [f.key, f.type === 'integer' ? CEL_NUMBER : CEL_STRING]),
    ...(doc.model[kind]?.fields ?? []).map((f): [string, CelType] => [f.key, fieldCelType(f, `${name}_${f.key.replace(/\./g, '_')}`)]),
  ]);
}

export function tablesCelType(doc: RuleSetDocument): CelType {
  return celObject(
    'Tables',
    Object.entries(doc.tables).map(([name, table]) => [name, celList(celObject(`Table_${name}`, table.columns.map((c) => [c.key, valueCelType(c.type)])))]),
  );
}

/** The variables that hold facts: "region.quota" → variable region, field quota. */
export function factNamespaceTypes(catalogue: FactCatalogue, kind: SubjectKind): Record<string, CelType & { kind: 'object' }> {
  const byNamespace = new Map<string, [string, CelType][]>();
  for (const f of catalogue.of(kind)) {
    if (f.source === 'input') continue;
    const [ns, ...rest] = f.name.split('.');
    if (rest.length === 0 || RESERVED_NAMESPACES.includes(ns)) continue;
    if (!byNamespace.has(ns)) byNamespace.set(ns, []);
    byNamespace.get(ns)!.push([rest.join('.'), valueCelType(f.type)]);
  }
  return Object.fromEntries([...byNamespace.entries()].map(([ns, entries]) => [ns, celObject(`Fact_${kind}_${ns}`, entries)]));
}

export const PARAM_TYPE: CelType = { kind: 'map' };

export function subjectVariables(doc: RuleSetDocument, catalogue: FactCatalogue, kind: SubjectKind): Record<string, CelType> {
  return {
    input: inputCelType(doc, kind),
    param: PARAM_TYPE,
    tables: tablesCelType(doc),
    stage: CEL_STRING,
    missingFields: celList(CEL_STRING),
    ...factNamespaceTypes(catalogue, kind),
  };
}

/** Variables of an aggregate's `where` and `sum`: `s` is one member of the batch. */
export function memberVariables(doc: RuleSetDocument, over: SubjectKind): Record<string, CelType> {
  return { s: inputCelType(doc, over), param: PARAM_TYPE, tables: tablesCelType(doc) };
}

/** Variables of a report's row checks: `row` is one row of a rows field. */
export function rowVariables(doc: RuleSetDocument, kind: SubjectKind, fieldKey: string): Record<string, CelType> | null {
  const field = doc.model[kind]?.fields.find((f) => f.key === fieldKey && f.type === 'rows');
  if (!field) return null;
  const list = fieldCelType(field, `Row_${kind}_${fieldKey.replace(/\./g, '_')}`) as CelType & { kind: 'list' };
  return { row: list.of, param: PARAM_TYPE };
}
