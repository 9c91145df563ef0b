import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { RuleSetsService } from '../../rule-sets/rule-sets.service';
import { ACCOUNT_SCHEMAS } from './account-schemas';
import { draftRequestSchemas } from './draft-request-schemas';
import { ERROR_SCHEMAS } from './error-schemas';
import { EVALUATION_SCHEMAS } from './evaluation-schemas';
import { normalizeSchemas } from './normalize';
import { operationRoutes } from './operation-routes';
import { recordSchemas } from './record-schemas';
import { RecordSchemaSource } from './record-schema-source';
import { describeRefusals } from './refusals';
import { RULE_SET_SCHEMAS, ruleSetDocumentSchemas } from './rule-set-schemas';
import { applyAccess, withSecuritySchemes } from './security';
import { VERIFICATION_SCHEMAS } from './verification-schemas';

/** The OpenAPI 3.0 document: Nest's explorer, then the schemas, access and refusals it cannot know. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = withSecuritySchemes(
    new DocumentBuilder()
      .setTitle('“万千百十一”质量提升活动 合规检查服务')
      .setDescription(
        '规则集、项目、市州进度、评估与评估报告。金额以元为单位的整数，日期为 YYYY-MM-DD（北京时间）。' +
          '被拒绝的请求返回 { statusCode, error, message, details: [{ pointer, message }] }，不修改任何数据。',
      )
      .setVersion('1'),
  ).build();
  const doc = SwaggerModule.createDocument(app, config);
  const documentSchemas = ruleSetDocumentSchemas();
  doc.components = {
    ...doc.components,
    schemas: {
      ...ERROR_SCHEMAS, ...EVALUATION_SCHEMAS, ...RULE_SET_SCHEMAS, ...ACCOUNT_SCHEMAS, ...documentSchemas,
      ...draftRequestSchemas(documentSchemas), ...recordSchemas(null), ...VERIFICATION_SCHEMAS,
    } as never,
  };
  applyAccess(doc, operationRoutes(app));
  describeRefusals(doc);
  normalizeSchemas(doc);
  return doc;
}

/** Serves /docs (Swagger UI) and /docs-json, with record schemas from the active rule set. */
export function setupOpenApi(app: INestApplication): void {
  const doc = buildOpenApiDocument(app);
  const source = new RecordSchemaSource(doc, app.get(RuleSetsService));
  SwaggerModule.setup('docs', app, doc, { patchDocumentOnRequest: () => source.document() });
}
