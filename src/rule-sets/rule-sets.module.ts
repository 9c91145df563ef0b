import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { RuleSetComparisonService } from './rule-set-comparison.service';
import { RuleSetCopiesService } from './rule-set-copies.service';
import { RuleSetDraftsController } from './rule-set-drafts.controller';
import { RuleSetDraftsService } from './rule-set-drafts.service';
import { RuleSetImpactService } from './rule-set-impact.service';
import { RuleSetsController } from './rule-sets.controller';
import { RuleSetsService } from './rule-sets.service';

@Module({
  imports: [AuditModule],
  controllers: [RuleSetsController, RuleSetDraftsController],
  providers: [RuleSetsService, RuleSetDraftsService, RuleSetCopiesService, RuleSetComparisonService, RuleSetImpactService],
  exports: [RuleSetsService, RuleSetDraftsService, RuleSetCopiesService],
})
export class RuleSetsModule {}
