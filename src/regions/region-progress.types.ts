/** A region's progress record for one year (see shared/docs/domain.md). */
export interface CountyProgress {
  name: string;
  trainings?: number | null;
  trainees?: number | null;
  stations?: number | null;
}

export interface RegionProgress {
  year: number;
  region: string;
  achieved?: { wan?: number | null; qian?: number | null; bai?: number | null } | null;
  counties?: CountyProgress[] | null;
  submitted?: { plan?: string | null; summary?: string | null } | null;
}
