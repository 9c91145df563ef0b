import { Module } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { PrismaService } from '../prisma/prisma.service';
import { RegionsModule } from '../regions/regions.module';
import { ReportsModule } from '../reports/reports.module';
import { RuleSetsModule } from '../rule-sets/rule-sets.module';
import { BatchDownloadsService } from './batch-downloads.service';
import { BatchRecovery } from './batch-recovery';
import { BatchRetention } from './batch-retention';
import { BatchPartProcessor } from './batch-part.processor';
import { JobQueue } from './batch.types';
import { BatchesController } from './batches.controller';
import { BatchesService } from './batches.service';
import { BullMqJobQueue } from './bullmq-job-queue';
import { EmbeddedJobQueue } from './embedded-job-queue';
import { EvaluationsPartWork } from './evaluations-part.work';
import { JobQueueLifecycle } from './job-queue.lifecycle';
import { ScorecardsPartWork } from './scorecards-part.work';

/** The queue behind the batches: in this process without REDIS_URL, BullMQ with it. */
function createJobQueue(processor: BatchPartProcessor, prisma: PrismaService): JobQueue {
  const config = loadConfig().queue;
  return config.redisUrl ? new BullMqJobQueue(config, processor) : new EmbeddedJobQueue(config, processor, prisma);
}

@Module({
  imports: [ReportsModule, EvaluationModule, RegionsModule, RuleSetsModule],
  controllers: [BatchesController],
  providers: [
    ScorecardsPartWork,
    EvaluationsPartWork,
    BatchPartProcessor,
    { provide: JobQueue, useFactory: createJobQueue, inject: [BatchPartProcessor, PrismaService] },
    JobQueueLifecycle,
    BatchRetention,
    BatchRecovery,
    BatchesService,
    BatchDownloadsService,
  ],
  exports: [JobQueue, BatchesService, BatchDownloadsService],
})
export class JobsModule {}
