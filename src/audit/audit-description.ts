import { WriteSummary } from './write-audit-entry';

/** An audit row as stored (diff already parsed). */
export interface AuditRow {
  action: string;
  ruleSetId?: string | null;
  version?: number | null;
  comment?: string | null;
  diff?: unknown;
}

const STAGES: Record<string, string> = { application: '申报审查', acceptance: '验收评价', progress: '进度评估' };

/** What a draft edit changed, by the action the draft service records (draft.<what>). */
const DRAFT_EDITS: Record<string, string> = {
  'draft.replace': '替换整个规则集',
  'draft.parameter': '修改参数',
  'draft.parameter.add': '新增参数',
  'draft.parameter.remove': '删除参数',
  'draft.rule.add': '新增规则',
  'draft.rule.change': '修改规则',
  'draft.rule.remove': '删除规则',
  'draft.table': '修改表格',
  'draft.table.add': '新增表格',
  'draft.table.remove': '删除表格',
  'draft.table.column': '修改表格的列',
  'draft.field': '修改字段',
  'draft.field.add': '新增字段',
  'draft.field.change': '修改字段',
  'draft.field.move': '调整字段顺序',
  'draft.field.remove': '删除字段',
  'draft.sections': '修改字段分组',
  'draft.fact': '修改派生事实',
  'draft.fact.add': '新增派生事实',
  'draft.fact.change': '修改派生事实',
  'draft.fact.remove': '删除派生事实',
  'draft.test': '修改测试',
};

type Params = Record<string, string>;
type Describe = (p: Params, s: WriteSummary, url: string) => string;

const verdict = (s: WriteSummary) => (s.compliant === undefined ? '' : s.compliant ? '，结论：符合' : '，结论：不符合');
const yearOf = (p: Params, s: WriteSummary) => p.year ?? (s.year !== undefined ? String(s.year) : '');
const imported = (s: WriteSummary) => (s.imported ? `（新建 ${s.imported.create} 条，修改 ${s.imported.update} 条，未变 ${s.imported.unchanged} 条）` : '');

/** Writes through the API, by method and route (as recorded by the write-audit interceptor). */
const ROUTES: Record<string, Describe> = {
  'POST /api/projects': (_p, s) => `新建项目 ${s.id ?? ''}${s.name ? `（${s.name}）` : ''}`.trim(),
  'PUT /api/projects/:id': (p, s) => `修改项目 ${p.id}${s.name ? `（${s.name}）` : ''}`,
  'DELETE /api/projects/:id': (p) => `删除项目 ${p.id}`,
  'POST /api/projects/:id/evaluations': (p, s) => `评估项目 ${p.id}${s.stage ? `（${STAGES[s.stage] ?? s.stage}${verdict(s)}）` : ''}`,
  'POST /api/regions/progress': (_p, s) => `新建市州进度 ${s.region ?? ''} ${yearOf({}, s)}年度`,
  'PUT /api/regions/:region/progress/:year': (p) => `填报市州进度 ${p.region} ${p.year}年度`,
  'DELETE /api/regions/:region/progress/:year': (p) => `删除市州进度 ${p.region} ${p.year}年度`,
  'POST /api/regions/:region/evaluations': (p, s) => `评估市州进度 ${p.region}（${yearOf(p, s)}年度${verdict(s)}）`,
  'POST /api/province/evaluations': (p, s) => `评估全省汇总（${yearOf(p, s)}年度${verdict(s)}）`,
  'POST /api/projects/import': (_p, s) => `从表格导入项目${imported(s)}`,
  'POST /api/regions/progress/import': (_p, s) => `从表格导入市州进度${imported(s)}`,
  'POST /api/batches': (_p, s) => `提交批量任务 ${s.id ?? ''}${s.year ? `（${s.year}年度${s.region ? `，${s.region}` : ''}）` : ''}`.trim(),
  'DELETE /api/batches/:id': (p) => `取消批量任务 ${p.id}`,
};

/** Actions recorded by name (rule sets, users, sign-in). */
function named(row: AuditRow): string | undefined {
  const id = row.ruleSetId ?? '';
  const version = row.version ? ` 第 ${row.version} 版` : '';
  const who = row.comment ?? '';
  switch (row.action) {
    case 'draft.start': return `新建规则集草稿 ${id}`;
    case 'draft.discard': return `放弃规则集草稿 ${id}`;
    case 'publish': return `发布规则集 ${id}${version}`;
    case 'activate': return `启用规则集 ${id}${version}`;
    case 'import': return `导入规则集 ${id}${version}`;
    case 'clone': return `复制为新规则集 ${id}`;
    case 'auth.login': return '登录';
    case 'auth.login.failed': return '登录失败';
    case 'auth.logout': return '退出登录';
    case 'user.create': return `新建用户 ${who}`.trim();
    case 'user.update': return `修改用户 ${who}`.trim();
    case 'user.password': return '修改自己的密码';
    case 'token.issue': return who ? `为用户 ${who} 签发令牌` : '签发令牌';
    case 'token.revoke': return '吊销令牌';
  }
  if (row.action.startsWith('draft.')) {
    // The most specific wording: draft.field.add before draft.field.
    const what = DRAFT_EDITS[row.action] ?? Object.entries(DRAFT_EDITS).find(([k]) => row.action.startsWith(`${k}.`))?.[1];
    return `修改规则集草稿 ${id}${what ? `（${what}）` : ''}`;
  }
  return undefined;
}

/** The parameters of `route` ("/api/projects/:id/evaluations") in `url`; null when it does not match. */
export function routeParams(route: string, url: string): Params | null {
  const names: string[] = [];
  const pattern = route.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/?#]+)';
  });
  const match = new RegExp(`^${pattern}(?:[?#].*)?$`).exec(url);
  if (!match) return null;
  return Object.fromEntries(names.map((n, i) => [n, match[i + 1]]));
}

const HTTP_WRITE = /^(POST|PUT|PATCH|DELETE) (\/\S*)$/;

/** The route of an HTTP write ("POST /api/projects/wuhan-2022-01/evaluations"), shown as secondary text. */
export function auditRoute(row: AuditRow): string | null {
  const m = HTTP_WRITE.exec(row.action);
  return m ? `${m[1]} ${row.comment ?? m[2]}` : null;
}

/**
 * What an audit row did, in the words of the bureau: 「评估项目 wuhan-2022-01（申报审查）」,
 * 「修改规则集草稿 hubei-2022（修改参数）」. Rows nobody has words for keep their action.
 */
export function describeAudit(row: AuditRow): string {
  const m = HTTP_WRITE.exec(row.action);
  if (!m) return named(row) ?? row.action;
  const describe = ROUTES[row.action];
  const url = row.comment ?? '';
  const params = routeParams(m[2], url) ?? {};
  const summary = (row.diff && typeof row.diff === 'object' && !Array.isArray(row.diff) ? row.diff : {}) as WriteSummary;
  return describe ? describe(params, summary, url) : `${m[1] === 'DELETE' ? '删除' : '修改'}数据（${url || m[2]}）`;
}
