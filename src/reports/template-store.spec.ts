import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sampleSources } from '../bench/pdf-fixtures';
import { renderDocument, renderReport } from './report-document';
import { projectPart } from './report-parts';
import { cssString, DEFAULT_TEMPLATES_DIR, TemplateStore } from './template-store';

describe('cssString', () => {
  it('cannot end the string or the style block', () => {
    const out = cssString('a"b</style><script>x</script>\\');
    expect(out.startsWith('"') && out.endsWith('"')).toBe(true);
    expect(out.slice(1, -1)).not.toMatch(/["<>\\](?![0-9a-f]+ )/);
    expect(out).not.toContain('</style>');
    expect(cssString('规则集 hubei-2022')).toBe('"规则集 hubei\\2d 2022"');
  });
});

describe('TemplateStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpl-'));
    fs.mkdirSync(path.join(dir, 'partials'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('picks up an edited template without a restart', () => {
    const file = path.join(dir, 'year-summary.hbs');
    fs.writeFileSync(file, '<p>{{year}}年</p>');
    const store = new TemplateStore(dir);
    expect(store.render('year-summary', { year: 2022 })).toBe('<p>2022年</p>');
    fs.writeFileSync(file, '<p>年度：{{year}}（已修改）</p>');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(store.render('year-summary', { year: 2022 })).toBe('<p>年度：2022（已修改）</p>');
  });

  it('is strict: a misspelt field is an error, not a blank', () => {
    fs.writeFileSync(path.join(dir, 'year-summary.hbs'), '<p>{{yaer}}</p>');
    expect(() => new TemplateStore(dir).render('year-summary', { year: 2022 })).toThrow(/yaer/);
  });

  it('keeps prototype access off', () => {
    fs.writeFileSync(path.join(dir, 'year-summary.hbs'), '{{#with year}}{{constructor.name}}{{/with}}');
    expect(() => new TemplateStore(dir).render('year-summary', { year: {} })).toThrow();
  });
});

describe('shipped templates', () => {
  const store = new TemplateStore(DEFAULT_TEMPLATES_DIR);

  it('escape user data: HTML and Handlebars syntax in a project name print as text', async () => {
    const [src] = await sampleSources(1);
    src.evaluation.subject.name = '<img src="http://127.0.0.1:9/x.png">{{x}}&"\'';
    const report = renderReport(store, projectPart(src));
    expect(report.html).not.toContain('<img');
    expect(report.html).toContain('&lt;img src&#x3D;&quot;http://127.0.0.1:9/x.png&quot;&gt;{{x}}&amp;&quot;&#x27;');
    const html = renderDocument(store, src.evaluation.subject.name, [report], { batch: true });
    expect(html).not.toMatch(/<img/);
  });

  it('hides the printed document from the screen layout, but not the preview', async () => {
    const store = new TemplateStore(DEFAULT_TEMPLATES_DIR);
    const [src] = await sampleSources(1, 'application');
    const report = renderReport(store, projectPart(src));
    const hidden = '@media screen { html { display: none; } }';
    expect(renderDocument(store, 't', [report], { print: true })).toContain(hidden);
    expect(renderDocument(store, 't', [report])).not.toContain(hidden);
  });

  it('render the project scorecard with every rule, amounts in 万元, score, grade and trace', async () => {
    const [src] = await sampleSources(1);
    const html = renderReport(store, projectPart(src)).html;
    for (const r of src.evaluation.results) {
      // Project rules in the tables, region and province rules in the "other subjects" note: all by title.
      expect(html).toContain(r.title);
      expect(html).not.toContain(`${r.ruleId}、`);
    }
    expect(html).toContain('20万元');
    expect(html).toContain(src.ruleSet.hash);
    expect(html).toContain('评估人（签字）');
  });
});
