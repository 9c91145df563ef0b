import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import express from 'express';
import path from 'node:path';
import { PUBLIC_DIR, WebController } from './web.controller';

/**
 * The pages for policy staff and evaluators: HTML shells, one stylesheet and small ES modules,
 * all served from this process (the office network has no internet, so no CDN).
 */
@Module({ controllers: [WebController] })
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Assets carry no data; express.static gives ETags, ranges and traversal protection for free.
    consumer
      .apply(express.static(path.join(PUBLIC_DIR, 'assets'), { index: false, fallthrough: true, maxAge: 0 }))
      .forRoutes('assets');
  }
}
