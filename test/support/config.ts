// A small, fixed configuration for rule tests (round FX rates, a few thresholds, prices and
// keywords), so that expected values do not move when the shipped config/ files are edited.

import { type Config, configSchema } from '../../src/config/schema.ts';
import type { KeyedState, RuleContext } from '../../src/detect/rule.ts';

export const referenceFixture = {
  thresholds: {
    asOf: '2026-03-01',
    source: 'test',
    default: { amount: '10000.00', currency: 'USD', boundary: 'ABOVE' },
    countries: {
      EU: { amount: '10000.00', currency: 'EUR', boundary: 'AT_OR_ABOVE' },
      US: { amount: '10000.00', currency: 'USD', boundary: 'ABOVE' },
      SA: { amount: '60000.00', currency: 'SAR', boundary: 'AT_OR_ABOVE' },
      TR: { amount: '10000.00', currency: 'EUR', boundary: 'ABOVE', directions: ['OUTBOUND'] },
    },
  },
  fxRates: {
    asOf: '2026-03-01',
    source: 'test',
    maxAgeDays: 62,
    rates: {
      EUR: { '2026-01': '1.12', '2026-02': '1.10', '2026-03-10': '1.08' },
      GBP: { '2026-01': '1.25' },
      SAR: { '2026-01': '0.25' },
      MXN: { '2026-03': '0.05' },
    },
  },
  highRiskJurisdictions: {
    asOf: '2026-06-30',
    source: 'test',
    callForAction: ['KP', 'IR', 'MM'],
    increasedMonitoring: ['VE', 'YE'],
  },
  keywords: {
    asOf: '2026-03-01',
    source: 'test',
    categories: {
      CASH: { en: ['cash', 'banknote', 'bank note', 'money'], es: ['dinero en efectivo'] },
      BNI: { en: ['money order', 'bearer bond', 'cheque'] },
      GOLD: { en: ['gold bar', 'gold coin'] },
      ARMS: { en: ['pistol'] },
    },
    exclude: { en: ['cash register'] },
  },
  referencePrices: {
    asOf: '2026-02-28',
    source: 'test',
    prices: [
      {
        hsCode: '610910',
        unit: 'NMB',
        q1: '1.60',
        median: '2.40',
        q3: '3.50',
        sampleSize: 1840,
        asOf: '2026-02-28',
        source: 'test',
      },
      {
        hsCode: '610910',
        unit: 'NMB',
        origin: 'BD',
        q1: '1.20',
        median: '1.75',
        q3: '2.50',
        sampleSize: 5,
        asOf: '2026-02-28',
        source: 'test',
      },
      {
        hsCode: '61091000',
        unit: 'NMB',
        origin: 'CN',
        q1: '1.40',
        median: '2.10',
        q3: '3.00',
        sampleSize: 620,
        asOf: '2026-02-28',
        source: 'test',
      },
      {
        hsCode: '6109100010',
        unit: 'NMB',
        q1: '1.80',
        median: '2.60',
        q3: '3.70',
        sampleSize: 300,
        asOf: '2026-02-28',
        source: 'test',
      },
      {
        hsCode: '090111',
        unit: 'KGM',
        q1: '3.90',
        median: '4.80',
        q3: '5.90',
        sampleSize: 3100,
        asOf: '2026-02-28',
        source: 'test',
      },
      {
        hsCode: '870323',
        unit: 'NMB',
        q1: '14500.00',
        median: '21000.00',
        q3: '29500.00',
        sampleSize: 950,
        asOf: '2026-02-28',
        source: 'test',
      },
    ],
  },
};

/** The fixture configuration, with rule blocks (and reference lists) replaced as given. */
export function testConfig(
  patch: { rules?: Record<string, unknown>; reference?: Record<string, unknown> } = {},
): Config {
  return configSchema.parse({
    reference: { ...referenceFixture, ...patch.reference },
    rules: patch.rules ?? {},
  });
}

/** A KeyedState in a Map, for rules that keep none or for inspection. */
export function memoryState(): KeyedState {
  const entries = new Map<string, unknown>();
  return {
    get: <T>(key: string) => entries.get(key) as T | undefined,
    set: (key, value) => void entries.set(key, value),
    delete: (key) => void entries.delete(key),
  };
}

export function ruleContext(config: Config = testConfig()): RuleContext {
  return { config, state: memoryState(), watermark: 0 };
}
