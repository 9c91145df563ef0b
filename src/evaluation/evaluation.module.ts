import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { RegionsModule } from '../regions/regions.module';
import { PrintQueueModule } from '../reports/print-queue.module';
import { RuleSetsModule } from '../rule-sets/rule-sets.module';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';

@Module({
  imports: [RuleSetsModule, ProjectsModule, RegionsModule, PrintQueueModule],
  controllers: [EvaluationsController],
  providers: [EvaluationsService],
  exports: [EvaluationsService],
})
export class EvaluationModule {}
