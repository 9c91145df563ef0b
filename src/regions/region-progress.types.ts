import { SubjectRecord } from '../subjects/subject-identity';

/** A region's progress record for one year: its identity plus the fields the rule set declares. */
export interface RegionProgress extends SubjectRecord {
  year: number;
  region: string;
}
