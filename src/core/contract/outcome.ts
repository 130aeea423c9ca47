// The result of a control or of an analyst's review of one event: the fourth input, arriving days
// after the event it is about. It is what risk profiles and a trained score learn from
// (docs/outcomes.md); its decidedAt, not its arrival, says from when it may be used.
import { z } from 'zod';
import type { EventKind } from '../events.ts';
import { country, currency, nonEmpty, nonNegativeDecimal, optional, timestamp } from './fields.ts';

export const outcomeSubjectKinds = ['DECLARATION', 'MANIFEST', 'INVOICE'] as const;
export type OutcomeSubjectKind = (typeof outcomeSubjectKinds)[number];

/** The event kind an outcome's subject is, to find the event by (kind, id). */
export const subjectEventKind: Readonly<Record<OutcomeSubjectKind, EventKind>> = {
  DECLARATION: 'declaration',
  MANIFEST: 'manifest',
  INVOICE: 'invoice',
};

/** CONTROL: an inspection, a physical or documentary check; REVIEW: an analyst's review of an alert. */
export const outcomeSources = ['CONTROL', 'REVIEW'] as const;
export const outcomeResults = ['NO_FINDING', 'FINDING'] as const;

export const findingKinds = [
  'UNDERVALUATION',
  'OVERVALUATION',
  'MISCLASSIFICATION',
  'ORIGIN',
  'QUANTITY',
  'DUTY_EVASION',
  'UNDECLARED_CASH',
  'CONCEALMENT',
  'PROHIBITED_GOODS',
  'DUAL_USE_GOODS',
  'PUBLIC_SAFETY',
  'OTHER',
] as const;
export type FindingKind = (typeof findingKinds)[number];

/** An analyst's verdict on an alert: a true case, a false alert, or not worth acting on. */
export const dispositions = ['CONFIRMED', 'FALSE_POSITIVE', 'NOT_ACTIONED'] as const;

export const outcomeSchema = z
  .object({
    outcomeId: nonEmpty,
    /** Event time of the outcome: when the control or review concluded. */
    decidedAt: timestamp,
    reportingCountry: country,
    subjectKind: z.enum(outcomeSubjectKinds),
    /** The event's id: declarationId, consignmentId or invoiceId. */
    subjectId: nonEmpty,
    /** The alert that led to it, when one did. */
    alertId: optional(nonEmpty),
    source: z.enum(outcomeSources),
    result: z.enum(outcomeResults),
    findings: z.array(z.enum(findingKinds)).default([]),
    revenueRecovered: optional(nonNegativeDecimal),
    valueSeized: optional(nonNegativeDecimal),
    /** Of revenueRecovered and valueSeized; required with either. */
    currency: optional(currency),
    disposition: optional(z.enum(dispositions)),
    officeId: optional(nonEmpty),
    /** The deciding officer's or analyst's user name (staff, not a traveller). */
    analyst: optional(nonEmpty),
    note: optional(z.string().max(2000, 'longer than 2000 characters')),
  })
  .superRefine((o, ctx) => {
    if (o.result === 'FINDING' && o.findings.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['findings'], message: 'at least one finding kind with FINDING' });
    }
    if (o.result === 'NO_FINDING' && o.findings.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['findings'], message: 'must be empty with NO_FINDING' });
    }
    const seen = new Set<string>();
    o.findings.forEach((kind, index) => {
      if (seen.has(kind))
        ctx.addIssue({ code: 'custom', path: ['findings', index], message: 'listed twice' });
      seen.add(kind);
    });
    if ((o.revenueRecovered !== undefined || o.valueSeized !== undefined) && o.currency === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['currency'],
        message: 'required with revenueRecovered or valueSeized',
      });
    }
    if (o.disposition !== undefined && (o.source !== 'REVIEW' || o.alertId === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['disposition'],
        message: 'only for a REVIEW of an alert (source REVIEW and an alertId)',
      });
    }
  });

/** An outcome as received. analyst is staff data; note is free text and must not carry a traveller's data. */
export type OutcomeInput = z.output<typeof outcomeSchema>;
