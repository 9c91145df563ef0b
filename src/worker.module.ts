import { Module } from '@nestjs/common';
import { HealthService } from './health/health.service';
import { JobsModule } from './jobs/jobs.module';
import { PrismaModule } from './prisma/prisma.module';

/** What a worker process runs: the database, the printer and the batch processor; HTTP only for its health. */
@Module({ imports: [PrismaModule, JobsModule], providers: [HealthService] })
export class WorkerModule {}
