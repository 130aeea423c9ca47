// What an alert carries (../shared/domain/events.md, "Output: alerts").
import type { Micros } from './money.ts';

export const typologies = ['CASH_COURIER', 'TBML', 'PRECURSOR', 'ARMS'] as const;
export type Typology = (typeof typologies)[number];

export const severities = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof severities)[number];

export const entityTypes = [
  'PERSON',
  'BOOKING',
  'FLIGHT',
  'CONSIGNEE',
  'SHIPPER',
  'CONSIGNMENT',
  'TRADER',
  'INVOICE',
  'HS_CODE',
] as const;
export type EntityType = (typeof entityTypes)[number];

/** What a rule returns; the engine adds identity, rule and timing fields to make an Alert. */
export interface AlertDraft {
  severity: Severity;
  /** 0–100, integer. */
  score: number;
  entityType: EntityType;
  /** Pseudonymous or non-personal key (trader id, HS code, pseudonym): never a clear personal value. */
  entityKey: string;
  /** Every event that supports the alert. */
  eventIds: string[];
  /** Event time of the alert: the latest supporting event's, epoch ms. */
  eventTime: number;
  reportingCountry: string;
  /** Countries involved (origin, destination, transit, payer...), ISO alpha-2, deduplicated. */
  countries: string[];
  hsCode?: string | undefined;
  amountUsd?: Micros | undefined;
  /** One sentence a customs officer can read. No personal data. */
  explanation: string;
  /** Observed value, expected range or threshold, window, reference used... JSON-serialisable. */
  evidence: Record<string, unknown>;
  /**
   * What makes this alert the same alert when seen again; defaults to the sorted event ids.
   * A growing pattern (a fourth structured declaration) gives a stable basis, e.g. its first event,
   * and a higher revision, so the sink keeps one row per pattern.
   */
  idBasis?: string | undefined;
  /** Increases as a pattern grows; the sink keeps the highest revision of an alert id. */
  revision?: number | undefined;
}

export interface Alert extends Omit<AlertDraft, 'idBasis' | 'revision'> {
  alertId: string;
  ruleId: string;
  ruleVersion: number;
  typology: Typology;
  revision: number;
  /** Wall-clock time of detection, epoch ms: metadata only, never an input to detection. */
  detectedAt: number;
}

/** Where alerts go besides the store (the alert topic). `publish` resolves once they are durable. */
export interface AlertPublisher {
  publish(alerts: readonly Alert[]): Promise<void>;
  close(): Promise<void>;
}
