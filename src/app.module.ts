import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { JobsModule } from './jobs/jobs.module';
import { PrismaModule } from './prisma/prisma.module';
import { ProjectsModule } from './projects/projects.module';
import { RegionsModule } from './regions/regions.module';
import { ReportsModule } from './reports/reports.module';
import { RuleSetsModule } from './rule-sets/rule-sets.module';
import { SpreadsheetsModule } from './spreadsheets/spreadsheets.module';
import { VerificationModule } from './verification/verification.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [PrismaModule, AuthModule, RuleSetsModule, ProjectsModule, RegionsModule, EvaluationModule, SpreadsheetsModule, WebModule, ReportsModule, VerificationModule, JobsModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class AppModule {}
