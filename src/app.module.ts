import { Module } from '@nestjs/common';
import { EvaluationModule } from './evaluation/evaluation.module';
import { HealthController } from './health/health.controller';
import { PrismaModule } from './prisma/prisma.module';
import { ProjectsModule } from './projects/projects.module';
import { RegionsModule } from './regions/regions.module';
import { RuleSetsModule } from './rule-sets/rule-sets.module';
import { SpreadsheetsModule } from './spreadsheets/spreadsheets.module';

@Module({
  imports: [PrismaModule, RuleSetsModule, ProjectsModule, RegionsModule, EvaluationModule, SpreadsheetsModule],
  controllers: [HealthController],
})
export class AppModule {}
