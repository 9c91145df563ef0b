import { Module } from '@nestjs/common';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { VerificationController } from './verification.controller';
import { VerificationService } from './verification.service';

/** Public verification of printed scorecards (issue 14): the page, its JSON twin, and the CLI's checks. */
@Module({
  imports: [EvaluationModule],
  controllers: [VerificationController],
  providers: [VerificationService],
  exports: [VerificationService],
})
export class VerificationModule {}
