import { SubjectRecord } from '../subjects/subject-identity';

/**
 * A project as stored and evaluated: its identity (id, year, name, region, category) plus the
 * fields its year's rule set declares. Amounts in yuan, dates YYYY-MM-DD.
 */
export interface Project extends SubjectRecord {
  id: string;
  year: number;
  name: string;
  region: string;
  category: string;
}
