import { Schema } from './json-schema-30';
import { arrayOf, ref } from './schema-refs';

/** The one error body of every refusal (src/common/error.filter.ts). */
export const ERROR_SCHEMAS: Record<string, Schema> = {
  Problem: {
    type: 'object',
    description: '一处错误：pointer 为 JSON 指针（/name）、查询参数（?year）、请求头（If-Match）或表格单元格（工作表!C5），message 为中文原因',
    required: ['pointer', 'message'],
    properties: {
      pointer: { type: 'string' },
      message: { type: 'string' },
      sheet: { type: 'string', description: '表格导入：工作表名称' },
      row: { type: 'integer', nullable: true, description: '表格导入：行号（整表的问题为 null）' },
      column: { type: 'string', nullable: true, description: '表格导入：列字母（整行的问题为 null）' },
      header: { type: 'string', description: '表格导入：列标题' },
    },
  },
  ErrorBody: {
    type: 'object',
    description: '请求被拒绝时的响应，已保存的数据保持不变',
    required: ['statusCode', 'error', 'message'],
    properties: {
      statusCode: { type: 'integer', example: 400 },
      error: { type: 'string', example: 'Bad Request' },
      message: { type: 'string', description: '中文原因', example: '请求数据有错误' },
      details: arrayOf(ref('Problem'), '每处错误一项（输入错误时给出）'),
    },
  },
};
