// Ground truth of a generated scenario: the planted cases, each with the events it consists of.

export type CaseTypology = 'CASH_COURIER' | 'TBML' | 'ARMS' | 'PRECURSOR';

export interface PlantedCase {
  id: string;
  /** The rule family the case was planted for (e.g. structuring, over-invoicing). */
  family: string;
  typology: CaseTypology;
  /** Rules that must alert on the case (others of the same typology may alert too). */
  expectedRuleIds: string[];
  /** `hard`: at a boundary, misspelled, barely outside the normal range, spread out or out of order. */
  difficulty: 'easy' | 'hard';
  description: string;
  eventIds: string[];
}

export interface GroundTruth {
  seed: number;
  events: number;
  start: string;
  end: string;
  counts: { declarations: number; manifests: number; invoices: number };
  cases: PlantedCase[];
}
