import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../common/errors';
import { RuleSetDocument } from './rule-set.types';

/** rules/ at the top of the repository: the shipped rule sets and their JSON Schema. */
export const RULES_DIR = path.resolve(__dirname, '..', '..', 'rules');
export const RULE_SET_SCHEMA_PATH = path.join(RULES_DIR, 'rule-set.schema.json');

/** A path to a rule-set file, or the id of one shipped in rules/ (hubei-2022 → rules/hubei-2022.json). */
export function resolveRuleSetPath(pathOrId: string): string {
  if (fs.existsSync(pathOrId) && fs.statSync(pathOrId).isFile()) return pathOrId;
  const shipped = path.join(RULES_DIR, `${pathOrId}.json`);
  if (/^[a-z0-9-]+$/.test(pathOrId) && fs.existsSync(shipped)) return shipped;
  throw new InputError(`找不到规则集“${pathOrId}”：既不是文件，也不是 rules/ 中的规则集标识`);
}

/** Parses JSON text, turning a syntax error into a message with the line and column. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      const column = Number(pos[1]) - before.lastIndexOf('\n');
      throw new InputError(`${what}不是有效的 JSON（第 ${line} 行第 ${column} 列）：${message}`);
    }
    throw new InputError(`${what}不是有效的 JSON：${message}`);
  }
}

export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`无法读取${what}“${file}”：文件不存在或不可读`);
  }
  return parseJsonText(text, `${what}“${file}”`);
}

/** Lists the rule-set files shipped in rules/. */
export function shippedRuleSetFiles(): string[] {
  return fs
    .readdirSync(RULES_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'rule-set.schema.json')
    .map((f) => path.join(RULES_DIR, f));
}

export type { RuleSetDocument };
