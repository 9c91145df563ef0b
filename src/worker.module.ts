import { Module } from '@nestjs/common';
import { JobsModule } from './jobs/jobs.module';
import { PrismaModule } from './prisma/prisma.module';

/** What a worker process runs: the database, the printer and the batch processor; no HTTP. */
@Module({ imports: [PrismaModule, JobsModule] })
export class WorkerModule {}
