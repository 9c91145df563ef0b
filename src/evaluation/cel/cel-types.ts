/**
 * What a CEL variable holds, as the rule set declares it. Numbers are `number` (CEL `dyn`): the
 * notice's amounts, counts and ratios mix freely, as they do in a spreadsheet, and `/` divides as
 * people expect (2 / 4 = 0.5) whatever the inputs' declared types.
 */
export type CelType =
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'number' }
  | { kind: 'dyn' }
  | { kind: 'list'; of: CelType }
  | { kind: 'object'; name: string; fields: Record<string, CelType> }
  /** Keys chosen at run time (param['quotaDirect']); names are checked by the validator instead. */
  | { kind: 'map' };

export const CEL_STRING: CelType = { kind: 'string' };
export const CEL_BOOL: CelType = { kind: 'bool' };
export const CEL_NUMBER: CelType = { kind: 'number' };
export const CEL_DYN: CelType = { kind: 'dyn' };

export function celList(of: CelType): CelType {
  return { kind: 'list', of };
}

/** An object type built from dotted keys: {"funding.provincial": number} → funding: {provincial}. */
export function celObject(name: string, entries: [string, CelType][]): CelType & { kind: 'object' } {
  const root: CelType & { kind: 'object' } = { kind: 'object', name, fields: {} };
  for (const [key, type] of entries) {
    const parts = key.split('.');
    let node = root;
    parts.slice(0, -1).forEach((part, i) => {
      let next = node.fields[part];
      if (!next || next.kind !== 'object') {
        next = { kind: 'object', name: `${name}_${parts.slice(0, i + 1).join('_')}`, fields: {} };
        node.fields[part] = next;
      }
      node = next;
    });
    node.fields[parts[parts.length - 1]] = type;
  }
  return root;
}
