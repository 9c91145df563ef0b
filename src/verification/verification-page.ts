import { formatChineseDate } from '../common/dates';
import { CodeCheck } from './verification.service';

/**
 * The public verification page: plain HTML written here (no script; the stylesheet is a local
 * asset, so the pages' CSP applies unchanged), every value escaped. What it says of a stored
 * scorecard is VerifiedScorecard, nothing more; a wrong code and an unknown evaluation read the same.
 */
export type PageResult =
  | { kind: 'form' }
  | { kind: 'checked'; check: CodeCheck }
  | { kind: 'bad-code' }
  | { kind: 'limited'; retryAfterSeconds: number };

export interface PageInput {
  evaluationId?: string;
  code?: string;
}

export const MATCH_MESSAGE = '核验通过：核验码与存档的评估记录一致';
export const NO_MATCH_MESSAGE = '核验未通过：没有与该评估编号和核验码一致的评估记录';
export const BAD_CODE_MESSAGE = '核验码应为 16 位数字或字母 A–F，如 BF21-9069-96CE-09DB（可不输入短横线）';
export const LIMITED_MESSAGE = (seconds: number) => `核验请求过于频繁，请 ${seconds} 秒后再试`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function resultHtml(result: PageResult): string {
  switch (result.kind) {
    case 'form':
      return '';
    case 'bad-code':
      return `<section class="result fail" role="alert"><h2>无法核验</h2><p>${escapeHtml(BAD_CODE_MESSAGE)}</p></section>`;
    case 'limited':
      return `<section class="result fail" role="alert"><h2>请稍后再试</h2><p>${escapeHtml(LIMITED_MESSAGE(result.retryAfterSeconds))}</p></section>`;
    case 'checked': {
      const { check } = result;
      if (!check.match || !check.scorecard) {
        return [
          '<section class="result fail" role="alert">',
          `<h2>${escapeHtml(NO_MATCH_MESSAGE)}</h2>`,
          `<p>评估编号 <span class="code">${escapeHtml(check.evaluationId)}</span>，核验码 <span class="code">${escapeHtml(check.code)}</span>。</p>`,
          '<p>请核对报告末页印的评估编号与核验码。仍不一致的，请向出具单位核实：该报告可能不是本系统出具的，或出具后已被改动。</p>',
          '</section>',
        ].join('');
      }
      const s = check.scorecard;
      const rows: [string, string][] = [
        ['评估对象', s.name],
        ['所属市州', s.region ?? '—'],
        ['年度', `${s.year}年`],
        ['评估阶段', s.stageLabel],
        ['评估结论', s.outcome],
        ['规则集', `${s.ruleSet.id} 第 ${s.ruleSet.version} 版`],
        ['评估日期', formatChineseDate(s.date)],
      ];
      return [
        '<section class="result ok" role="status">',
        `<h2>${escapeHtml(MATCH_MESSAGE)}</h2>`,
        `<p>评估编号 <span class="code">${escapeHtml(check.evaluationId)}</span>，核验码 <span class="code">${escapeHtml(check.code)}</span>。</p>`,
        `<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`,
        '<p class="hint">请与报告上的内容逐项对照：如报告上的评估对象、结论等与此不一致，报告已被改动。报告的其余内容以存档的评估记录为准，本页不予显示。</p>',
        '</section>',
      ].join('');
    }
  }
}

export function verificationPage(result: PageResult, input: PageInput = {}): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>评估报告核验 · “万千百十一”质量提升活动合规检查</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/css/verify.css">
</head>
<body>
<main>
<h1>评估报告核验</h1>
<p class="issuer">“万千百十一”质量提升活动合规检查</p>
${resultHtml(result)}
<form method="get" action="/verify">
<label for="id">评估编号</label>
<input id="id" name="id" required maxlength="100" autocomplete="off" spellcheck="false" value="${escapeHtml(input.evaluationId ?? '')}">
<label for="c">核验码</label>
<input id="c" name="c" required maxlength="40" autocomplete="off" spellcheck="false" placeholder="BF21-9069-96CE-09DB" value="${escapeHtml(input.code ?? '')}">
<button type="submit">核验</button>
</form>
<p class="hint">评估编号与核验码印在评估报告末页；扫描报告上的二维码可直接打开本页并核验。本页无需登录，只说明核验码是否与存档的评估记录一致，以及该报告的评估对象、市州、年度、阶段、结论、规则集与评估日期。</p>
</main>
</body>
</html>
`;
}
