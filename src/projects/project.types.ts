/** A project as stored and evaluated (see shared/docs/domain.md). Amounts in yuan, dates YYYY-MM-DD. */
export interface Project {
  id: string;
  year: number;
  name: string;
  region: string;
  county?: string | null;
  category: string;
  predecessor?: string | null;
  leadingProduct?: string | null;
  industry?: string | null;
  contact?: { name?: string | null; phone?: string | null } | null;
  cluster?: {
    enterprises?: number | null;
    aboveScaleEnterprises?: number | null;
    employees?: number | null;
    profitTax2021?: number | null;
    output2021?: number | null;
    production2021?: string | null;
    nationalPosition?: string | null;
  } | null;
  mainProblems?: string | null;
  serviceNeeds?: string | null;
  supportingPolicies?: string | null;
  regionOpinion?: string | null;
  funding?: { provincial?: number | null; localMatching?: number | null; sourceSecured?: boolean | null } | null;
  submitted?: { recommendation?: string | null; summary?: string | null } | null;
  deliverables?: string[] | null;
  progress?: {
    trainings?: number | null;
    trainees?: number | null;
    enterprisesServed?: number | null;
    problemsSolved?: number | null;
    publicityItems?: number | null;
  } | null;
}
