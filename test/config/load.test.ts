import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.ts';
import { rulesSchema } from '../../src/detect/settings.ts';
import { referenceSchema } from '../../src/reference/reference.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the shipped config/ with some files replaced. */
function configDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'customs-aml-config-'));
  dirs.push(dir);
  cpSync('config', dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loads the shipped configuration', () => {
    const config = loadConfig({ env: {} });
    expect(config.sink).toMatchObject({ driver: 'chdb', path: './.customs-aml' });
    expect(config.kafka?.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.kafka?.topics.declarations).toEqual({
      name: 'customs.currency-declarations',
      encoding: 'auto',
    });
    expect(config.engine.allowedLatenessMs).toBe(60_000);
    expect(config.rules['CC-THRESHOLD-PROXIMITY']).toEqual({ enabled: true, lowerRatio: 0.8, overrides: {} });
    expect(Object.keys(config.reference)).toEqual([
      'thresholds',
      'fxRates',
      'highRiskJurisdictions',
      'keywords',
      'referencePrices',
      'countryCurrencies',
      'precursors',
      'valuePerKg',
    ]);
    const eu = Object.entries(config.reference.thresholds.countries).filter(([, t]) => t.group === 'EU');
    expect(eu).toHaveLength(27);
    expect(config.reference.thresholds.countries.US).toMatchObject({
      amount: 10_000_000_000n,
      currency: 'USD',
      boundary: 'ABOVE',
    });
    expect(config.reference.highRiskJurisdictions.callForAction).toEqual(['KP', 'IR', 'MM']);
    expect(config.reference.highRiskJurisdictions.increasedMonitoring).toHaveLength(22);
    const fx = Object.keys(config.reference.fxRates.rates).sort();
    expect(fx).toEqual([
      'AED',
      'AUD',
      'CAD',
      'CHF',
      'CNY',
      'EUR',
      'GBP',
      'INR',
      'JPY',
      'MXN',
      'SAR',
      'SGD',
      'TRY',
      'USD',
    ]);
  });

  it('applies environment overrides', () => {
    const config = loadConfig({
      env: {
        KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
        SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
        CLICKHOUSE_URL: 'http://127.0.0.1:18123',
        CUSTOMS_AML_STORE: '/var/lib/customs-aml',
      },
    });
    expect(config.kafka?.brokers).toEqual(['kafka-1:9092', 'kafka-2:9092']);
    expect(config.schemaRegistry?.url).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
    expect(config.sink).toMatchObject({
      driver: 'server',
      url: 'http://127.0.0.1:18123',
      path: '/var/lib/customs-aml',
    });
  });

  it('creates the kafka block from KAFKA_BROKERS when the file has none', () => {
    const dir = configDir({ 'customs-aml.yaml': 'sink: { driver: chdb }\n' });
    expect(loadConfig({ dir, env: {} }).kafka).toBeUndefined();
    const config = loadConfig({ dir, env: { KAFKA_BROKERS: '127.0.0.1:9092' } });
    expect(config.kafka).toMatchObject({ brokers: ['127.0.0.1:9092'], groupId: 'customs-aml-detector' });
  });

  it('merges programmatic overrides last', () => {
    const config = loadConfig({
      env: { CUSTOMS_AML_STORE: '/a' },
      overrides: { sink: { path: '/b' }, rules: { 'TB-UNIT-PRICE': { k: 2 } } },
    });
    expect(config.sink.path).toBe('/b');
    expect(config.rules['TB-UNIT-PRICE'].k).toBe(2);
    expect(config.rules['TB-UNIT-PRICE'].minSampleSize).toBe(20);
  });

  it('names the file, the key path and the problem', () => {
    const dir = configDir({ 'rules.yaml': 'CC-THRESHOLD-PROXIMITY:\n  lowerRatio: 1.5\n' });
    expect(configError(() => loadConfig({ dir, env: {} })).message).toBe(
      `${join(dir, 'rules.yaml')}: rules.CC-THRESHOLD-PROXIMITY.lowerRatio: expected a decimal between 0 and 1`,
    );
  });

  it('names each missing reference file', () => {
    const dir = 'config-missing-on-purpose';
    const error = configError(() => loadConfig({ dir, env: {} }));
    expect(error.issues.map((i) => `${i.file}: ${i.path}: ${i.message}`)).toEqual([
      `${dir}/reference/thresholds.yaml: reference.thresholds: missing (expected object)`,
      `${dir}/reference/fx-rates.yaml: reference.fxRates: missing (expected object)`,
      `${dir}/reference/high-risk-jurisdictions.yaml: reference.highRiskJurisdictions: missing (expected object)`,
      `${dir}/reference/keywords.yaml: reference.keywords: missing (expected object)`,
      `${dir}/reference/reference-prices.yaml: reference.referencePrices: missing (expected object)`,
    ]);
  });

  it('rejects unknown rule ids and unknown keys', () => {
    const dir = configDir({
      'rules.yaml':
        'CC-TRESHOLD-PROXIMITY: {}\nTB-UNIT-PRICE:\n  kk: 2\n  overrides: { US: { lowerRatio: 0.5 } }\n',
    });
    const error = configError(() => loadConfig({ dir, env: {} }));
    expect(error.issues).toEqual([
      {
        file: join(dir, 'rules.yaml'),
        path: 'rules.TB-UNIT-PRICE.overrides.US.lowerRatio',
        message: 'unknown key',
      },
      { file: join(dir, 'rules.yaml'), path: 'rules.TB-UNIT-PRICE.kk', message: 'unknown key' },
      {
        file: join(dir, 'rules.yaml'),
        path: 'rules.CC-TRESHOLD-PROXIMITY',
        message: `unknown rule id (known: ${Object.keys(rulesSchema.shape).join(', ')})`,
      },
    ]);
  });

  it('names the reference file of a bad value or key', () => {
    const dir = configDir({
      'reference/thresholds.yaml':
        'asOf: "2026-03-01"\nsource: test\ncountries:\n  US: { amount: "10,000", currency: USD, boundary: ABOVE }\n  XX1: { amount: "1", currency: USD, boundary: MORE }\n',
    });
    const error = configError(() => loadConfig({ dir, env: {} }));
    const file = join(dir, 'reference', 'thresholds.yaml');
    expect(error.message.split('\n')).toEqual([
      `${file}: reference.thresholds.countries.US.amount: expected a non-negative decimal amount such as "10000.00"`,
      `${file}: reference.thresholds.countries.XX1: expected an ISO country code or a group (EU)`,
    ]);
  });

  it('blames the environment variable for a bad value it set', () => {
    const error = configError(() => loadConfig({ env: { KAFKA_BROKERS: 'localhost' } }));
    expect(error.message).toBe('environment KAFKA_BROKERS: kafka.brokers.0: not host:port');
  });

  it('reports missing keys, missing files, YAML syntax and misplaced blocks', () => {
    const missing = configDir({ 'reference/fx-rates.yaml': 'source: test\nrates: {}\n' });
    expect(configError(() => loadConfig({ dir: missing, env: {} })).message).toBe(
      `${join(missing, 'reference', 'fx-rates.yaml')}: reference.fxRates.asOf: missing (expected string)`,
    );
    const syntax = configDir({ 'customs-aml.yaml': 'sink: [unclosed\n' });
    expect(configError(() => loadConfig({ dir: syntax, env: {} })).message).toMatch(
      new RegExp(`^${join(syntax, 'customs-aml.yaml')}: not valid YAML: `),
    );
    const misplaced = configDir({ 'customs-aml.yaml': 'rules: {}\n' });
    expect(configError(() => loadConfig({ dir: misplaced, env: {} })).message).toBe(
      `${join(misplaced, 'customs-aml.yaml')}: rules: belongs in ${join(misplaced, 'rules.yaml')}, not here`,
    );
    const extra = configDir({ 'reference/prices.yaml': 'asOf: "2026-01-01"\n' });
    expect(configError(() => loadConfig({ dir: extra, env: {} })).message).toBe(
      `${join(extra, 'reference', 'prices.yaml')}: reference.prices: unknown reference file (known: ${Object.keys(
        referenceSchema.shape,
      )
        .map((key) => `${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.yaml`)
        .join(', ')})`,
    );
  });

  it('checks the files against each other', () => {
    const dir = configDir({
      'rules.yaml': 'CM-CASH-KEYWORDS:\n  categories: [CASH, BEARER]\n',
      'reference/thresholds.yaml':
        'asOf: "2026-03-01"\nsource: test\ncountries:\n  EU: { amount: "10000", currency: EUR, boundary: AT_OR_ABOVE }\n  KR: { amount: "10000", currency: KRW, boundary: ABOVE }\n',
    });
    expect(configError(() => loadConfig({ dir, env: {} })).message.split('\n')).toEqual([
      `${join(dir, 'rules.yaml')}: rules.CM-CASH-KEYWORDS.categories.1: no keyword category BEARER in keywords.yaml`,
      `${join(dir, 'reference', 'thresholds.yaml')}: reference.thresholds.countries.KR.currency: no FX rates for KRW in fx-rates.yaml`,
    ]);
  });
});
