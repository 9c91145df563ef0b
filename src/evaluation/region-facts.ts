import { RegionProgress } from '../regions/region-progress.types';
import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { Facts } from './fact-catalogue';

/** Turns a validated region progress record into the flat facts of the region rules. */
export function buildRegionFacts(r: RegionProgress, index: RuleSetIndex): Facts {
  const region = index.region(r.region);
  const counties = r.counties ?? [];
  const minTrainings = Number(index.params.minCountyTrainings);
  const minTrainees = Number(index.params.minCountyTrainees);
  const minStations = Number(index.params.minCountyStations);
  const shortTraining = counties
    .filter((c) => (c.trainings ?? 0) < minTrainings || (c.trainees ?? 0) < minTrainees)
    .map((c) => c.name);
  const withoutStation = counties.filter((c) => (c.stations ?? 0) < minStations).map((c) => c.name);
  return {
    'region.name': region?.name ?? r.region,
    'region.class': region?.class ?? null,
    'region.classLabel': region ? (index.regionClass(region.class)?.label ?? region.class) : null,
    'region.year': r.year,
    'achieved.wan': r.achieved?.wan ?? null,
    'achieved.qian': r.achieved?.qian ?? null,
    'achieved.bai': r.achieved?.bai ?? null,
    'target.wan': region?.targets.wan ?? null,
    'target.qian': region?.targets.qian ?? null,
    'target.bai': region?.targets.bai ?? null,
    'counties.count': counties.length,
    'counties.shortTraining': shortTraining,
    'counties.shortTrainingCount': shortTraining.length,
    'counties.withoutStation': withoutStation,
    'counties.withoutStationCount': withoutStation.length,
    'counties.stations': counties.reduce((sum, c) => sum + (c.stations ?? 0), 0),
    'submitted.plan': r.submitted?.plan ?? null,
    'submitted.summary': r.submitted?.summary ?? null,
  };
}

/** Province facts aggregate every region progress record of the year. */
export function buildProvinceFacts(year: number, records: RegionProgress[], index: RuleSetIndex): Facts {
  const minStations = Number(index.params.minCountyStations);
  const counties = records.flatMap((r) => r.counties ?? []);
  return {
    'province.year': year,
    'province.stations': counties.reduce((sum, c) => sum + (c.stations ?? 0), 0),
    'province.regionsReported': new Set(records.map((r) => r.region)).size,
    'province.counties': counties.length,
    'province.countiesWithoutStation': counties.filter((c) => (c.stations ?? 0) < minStations).length,
  };
}
