import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { ErrorFilter } from './common/error.filter';

/** Builds the HTTP application; shared by main.ts and the e2e tests so both run the same stack. */
export async function createApp(options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule, { bodyParser: false, logger: options.logger ?? ['log', 'warn', 'error'] });
  app.use(helmet({ contentSecurityPolicy: { useDefaults: true, directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:'] } } }));
  app.use(express.json({ limit: '2mb' }));
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  const docs = new DocumentBuilder()
    .setTitle('“万千百十一”质量提升活动 合规检查服务')
    .setDescription('规则集、项目、市州进度、评估与评估报告。金额以元为单位的整数，日期为 YYYY-MM-DD（北京时间）。')
    .setVersion('1')
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, docs));
  return app;
}
