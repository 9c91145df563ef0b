import { Module } from '@nestjs/common';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { ProjectsModule } from '../projects/projects.module';
import { RegionsModule } from '../regions/regions.module';
import { RuleSetsModule } from '../rule-sets/rule-sets.module';
import { PrintQueueModule } from './print-queue.module';
import { IssueRegisterService } from './issue-register.service';
import { ReportSourcesService } from './report-sources.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [EvaluationModule, ProjectsModule, RegionsModule, PrintQueueModule, RuleSetsModule],
  controllers: [ReportsController],
  providers: [ReportSourcesService, ReportsService, IssueRegisterService],
  exports: [IssueRegisterService, ReportsService, ReportSourcesService],
})
export class ReportsModule {}
