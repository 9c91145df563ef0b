import { Module } from '@nestjs/common';
import { RuleSetsModule } from '../rule-sets/rule-sets.module';
import { SpreadsheetsController } from './spreadsheets.controller';
import { SpreadsheetsService } from './spreadsheets.service';

@Module({ imports: [RuleSetsModule], controllers: [SpreadsheetsController], providers: [SpreadsheetsService], exports: [SpreadsheetsService] })
export class SpreadsheetsModule {}
