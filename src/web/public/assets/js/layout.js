// The frame every page shares: navigation, the year switcher, the signed-in user, and one status
// area for messages. Pages call initPage() first and then only fill <main>.
import { ApiError, get, post, rememberCsrf, toLogin } from './api.js';
import { $, fill, h, queryParam, setQuery } from './dom.js';

// [href, label, key, roles allowed (none: everyone)] — the audit log is the policy office's.
const NAV = [
  ['/', '首页', 'home'],
  ['/projects', '项目', 'projects'],
  ['/regions', '市州进度', 'regions'],
  ['/rule-sets', '规则集', 'rule-sets'],
  ['/batches', '批量打印', 'batches'],
  ['/audit', '审计日志', 'audit', ['policy']],
];

let yearListeners = [];
let signedIn = null;

/** The signed-in user ({ name, role, region }) or null when the service has no sign-in. */
export function user() {
  return signedIn;
}

/** Whether the user's role may do something: pages hide what the API would refuse anyway. */
export function may(...roles) {
  return !signedIn || signedIn.role === 'admin' || roles.includes(signedIn.role);
}
let currentYear = null;

/** The year every list and figure is about: ?year=, else the last one chosen, else the newest. */
export function year() {
  return currentYear;
}

export function onYearChange(fn) {
  yearListeners.push(fn);
}

/**
 * Renders the header into #site-header and resolves the year. `active` names the nav entry;
 * `yearSwitch: false` hides the switcher on pages that are not about one year.
 */
export async function initPage({ active, yearSwitch = true } = {}) {
  const header = $('#site-header');
  const nav = h('nav', { 'aria-label': '主导航' },
    h('ul', {}, NAV.map(([href, label, key, roles]) =>
      h('li', { dataset: { roles: roles?.join(' ') ?? '' } }, h('a', { href, 'aria-current': key === active ? 'page' : null }, label)))));
  const yearBox = h('div', { class: 'year-switch' });
  const userBox = h('div', { class: 'user-box' });
  fill(header,
    h('a', { class: 'skip-link', href: '#main' }, '跳到正文'),
    h('div', { class: 'brand' }, h('span', { class: 'brand-title' }, '“万千百十一”质量提升活动'), h('span', { class: 'brand-sub' }, '合规检查')),
    nav, yearBox, userBox);
  // The year is resolved either way (pages about one record still need a default).
  yearBox.hidden = !yearSwitch;
  await Promise.all([renderYears(yearBox), renderUser(userBox)]);
  for (const li of nav.querySelectorAll('li[data-roles]')) {
    if (li.dataset.roles && !may(...li.dataset.roles.split(' '))) li.hidden = true;
  }
  showNotice();
}

// Messages a page may leave for the next one it sends the user to (?notice=<code>): only these
// codes, never text from the URL. The code is dropped from the address so a reload does not repeat it.
const NOTICES = { 'draft-discarded': '草稿已放弃' };

function showNotice() {
  const message = NOTICES[queryParam('notice')];
  if (queryParam('notice') !== null) setQuery({ notice: null });
  if (message) status(message, 'ok');
}

async function renderYears(box) {
  let years = [];
  try {
    const sets = await get('/api/rule-sets');
    years = [...new Set(sets.filter((s) => s.activeVersion !== null).map((s) => s.year))].sort((a, b) => b - a);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) status(err.message, 'error');
  }
  const wanted = Number(queryParam('year') ?? localStorage.getItem('year') ?? NaN);
  currentYear = years.includes(wanted) ? wanted : years[0] ?? new Date().getFullYear();
  const choose = h('select', {
    id: 'year-select',
    'aria-label': '年度',
    onchange: (e) => {
      currentYear = Number(e.target.value);
      localStorage.setItem('year', String(currentYear));
      setQuery({ year: currentYear, page: null });
      for (const fn of yearListeners) fn(currentYear);
    },
  }, (years.length ? years : [currentYear]).map((y) => h('option', { value: y, selected: y === currentYear }, `${y}年度`)));
  fill(box, h('label', { for: 'year-select' }, '年度'), choose);
}

/** Who is signed in, with a sign-out button; quiet when the service has no sign-in yet. */
async function renderUser(box) {
  try {
    const me = await get('/api/auth/me', { allowAnonymous: true });
    if (!me) return;
    signedIn = me;
    rememberCsrf(me.csrfToken);
    document.body.dataset.role = me.role;
    fill(box,
      h('span', { class: 'user-name' }, `${me.name}${roleLabel(me.role)}${me.region ? ` · ${me.region}` : ''}`),
      h('button', { type: 'button', class: 'link-button', onclick: signOut }, '退出'));
  } catch {
    // No auth endpoint (or not signed in): the API's own 401 will send the visitor to /login.
  }
}

const ROLE_LABELS = { admin: '管理员', policy: '政策处', evaluator: '评审', region: '市州', viewer: '只读' };

function roleLabel(role) {
  return role && ROLE_LABELS[role] ? `（${ROLE_LABELS[role]}）` : '';
}

async function signOut() {
  try {
    await post('/api/auth/logout', {});
  } finally {
    toLogin();
  }
}

/** One message in the page's live region: kind is 'info' | 'ok' | 'error'. */
export function status(message, kind = 'info', action) {
  const box = $('#status');
  if (!box) return;
  box.hidden = false;
  box.className = `status status-${kind}`;
  fill(box, h('span', {}, message), action ? h('button', { type: 'button', class: 'btn', onclick: action.run }, action.label) : null,
    h('button', { type: 'button', class: 'link-button close', 'aria-label': '关闭提示', onclick: () => (box.hidden = true) }, '×'));
  if (kind === 'error') box.focus();
}

export function clearStatus() {
  const box = $('#status');
  if (box) box.hidden = true;
}

/**
 * The 409 message: someone else saved first. Offers a reload (losing this page's edits, after a
 * confirmation) instead of silently overwriting their work.
 */
export function conflict(err, reload) {
  status(`${err.message}。你的修改尚未保存；重新载入将显示对方保存的内容。`, 'error', {
    label: '重新载入最新内容',
    run: async () => {
      clearStatus();
      await reload();
    },
  });
}

/** Shows any error: 409 with a reload action, everything else as a plain message. */
export function reportError(err, reload) {
  if (err instanceof ApiError && err.conflict && reload) conflict(err, reload);
  else status(err?.message ?? '操作失败', 'error');
}

/** Runs an action with its button disabled, so a double click never sends a write twice. */
export async function busy(button, fn) {
  if (button.disabled) return;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
