import { Module } from '@nestjs/common';
import { PrintQueue } from './print-queue';
import { loadReportsConfig } from './reports.config';

/**
 * The service's one bounded queue for heavy work: every print takes a slot in it, and bulk
 * evaluations are refused with 503 while it is full, so a saturated service says so at once
 * instead of piling work up behind it. One instance per process, shared by every module.
 */
@Module({
  providers: [{ provide: PrintQueue, useFactory: () => { const c = loadReportsConfig(); return new PrintQueue(c.concurrency, c.queueSize); } }],
  exports: [PrintQueue],
})
export class PrintQueueModule {}
