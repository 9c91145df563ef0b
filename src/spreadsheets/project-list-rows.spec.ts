import { planProjectImport } from './project-import';
import { buildProjectTemplate } from './project-template';
import { editedRuleSet, fillTemplate, wuhanRow } from './testing/sheet-fixtures';
import { readWorkbook } from './workbook-reader';

// A rule set whose project holds a list of rows: the enterprises it serves, each with a name of its own.
const index = editedRuleSet((doc) => {
  doc.model.project.fields.push({
    key: 'service.enterprises', label: '服务企业', type: 'rows', section: 'progress', rowKey: 'name',
    fields: [
      { key: 'name', label: '企业名称', type: 'text' },
      { key: 'employees', label: '职工人数', type: 'integer', min: 0 },
      { key: 'visited', label: '已上门服务', type: 'date' },
    ],
  });
}).index;

const plan = async (file: Buffer, stored: { id: string; body: never }[] = []) =>
  planProjectImport(await readWorkbook(file, '示范项目'), index, stored, { year: 2022 });

describe('a project list sheet', () => {
  it('gets a sheet of its own whose rows join their project by year, region and name, or by id', async () => {
    let file = await fillTemplate(await buildProjectTemplate(index), '示范项目', [wuhanRow(), wuhanRow({ 项目名称: '武汉电气产业集群质量提升' })]);
    file = await fillTemplate(file, '服务企业', [
      { 市州: '武汉市', 项目名称: '武汉光谷激光产业集群质量提升', 企业名称: '华工科技', 职工人数: 1200, 已上门服务: '2022/5/6' },
      { 市州: '武汉', 项目名称: '武汉光谷激光产业集群质量提升', 企业名称: '锐科激光', 职工人数: '80' },
      { 市州: '武汉', 项目名称: '武汉电气产业集群质量提升', 企业名称: '长江电气' },
    ]);
    const result = await plan(file);
    expect(result.problems).toEqual([]);
    expect(result.changes.map((c) => [c.key, c.body.service])).toEqual([
      // Cells left empty are stored as not filled in, as on the project sheet.
      ['wuhan-2022-01', { enterprises: [{ name: '华工科技', employees: 1200, visited: '2022-05-06' }, { name: '锐科激光', employees: 80, visited: null }] }],
      ['wuhan-2022-02', { enterprises: [{ name: '长江电气', employees: null, visited: null }] }],
    ]);

    // A list sheet on its own updates a stored project; a row naming no project is refused on its row.
    const stored = result.changes.map((c) => ({ id: c.key, body: c.body as never }));
    const csv = '项目编号,企业名称,职工人数\nwuhan-2022-02,长江电气,300\nwuhan-2022-09,无名企业,1\n';
    const update = await plan(Buffer.from(csv), stored);
    expect(update.problems).toEqual([
      { sheet: '示范项目', row: 3, column: null, message: '找不到这一行所对应的项目：请在「示范项目」表中填写该项目，或填写已有项目的编号' },
    ]);
    expect(update.changes).toMatchObject([{ action: 'update', key: 'wuhan-2022-02', changed: ['service'], body: { service: { enterprises: [{ name: '长江电气', employees: 300 }] } } }]);
  });

  it('places a problem of a listed row on its cell in the list sheet', async () => {
    let file = await fillTemplate(await buildProjectTemplate(index), '示范项目', [wuhanRow()]);
    file = await fillTemplate(file, '服务企业', [
      { 市州: '武汉', 项目名称: '武汉光谷激光产业集群质量提升', 企业名称: '华工科技', 职工人数: '很多' },
      { 市州: '武汉', 项目名称: '武汉光谷激光产业集群质量提升', 企业名称: '华工科技' },
    ]);
    const problems = (await plan(file)).problems.map((p) => `${p.sheet}!${p.column}${p.row} ${p.message}`);
    expect(problems).toEqual(['服务企业!F2 应为不小于0的整数，实际为“很多”', '服务企业!E3 企业名称“华工科技”重复']);
  });
});
