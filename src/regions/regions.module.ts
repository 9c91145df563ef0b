import { Module } from '@nestjs/common';
import { RuleSetsModule } from '../rule-sets/rule-sets.module';
import { RegionProgressService } from './region-progress.service';
import { RegionsController } from './regions.controller';

@Module({ imports: [RuleSetsModule], controllers: [RegionsController], providers: [RegionProgressService], exports: [RegionProgressService] })
export class RegionsModule {}
