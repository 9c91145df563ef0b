import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CelLibraryController } from './cel-library.controller';
import { FactPreviewService } from './fact-preview.service';
import { RuleSetComparisonService } from './rule-set-comparison.service';
import { RuleSetCopiesService } from './rule-set-copies.service';
import { RuleSetDraftModelController } from './rule-set-draft-model.controller';
import { RuleSetDraftParametersController } from './rule-set-draft-parameters.controller';
import { RuleSetDraftsController } from './rule-set-drafts.controller';
import { RuleSetDraftsService } from './rule-set-drafts.service';
import { RuleSetImpactService } from './rule-set-impact.service';
import { RuleSetsController } from './rule-sets.controller';
import { RuleSetsService } from './rule-sets.service';

@Module({
  imports: [AuditModule],
  // CelLibraryController first: its fixed path must be matched before RuleSetsController's /:id.
  controllers: [CelLibraryController, RuleSetsController, RuleSetDraftsController, RuleSetDraftModelController, RuleSetDraftParametersController],
  providers: [RuleSetsService, RuleSetDraftsService, RuleSetCopiesService, RuleSetComparisonService, RuleSetImpactService, FactPreviewService],
  exports: [RuleSetsService, RuleSetDraftsService, RuleSetCopiesService],
})
export class RuleSetsModule {}
