// docker-compose.yml and the Dockerfile, checked as files (no Docker engine is needed or used).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/pipeline-harness.ts';

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: unknown };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  command?: unknown;
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;

describe('docker-compose.yml', () => {
  it('has the whole stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['clickhouse', 'detector', 'grafana', 'init', 'kafka', 'prometheus', 'schema-registry'].sort(),
    );
    expect(services.kafka!.image).toMatch(/^apache\/kafka:\d/);
    expect(services.kafka!.environment!.KAFKA_PROCESS_ROLES).toBe('broker,controller'); // KRaft, no ZooKeeper
    expect(services.clickhouse!.image).toMatch(/^clickhouse\/clickhouse-server:25\./);
    expect(services.prometheus!.image).toMatch(/^prom\/prometheus:/);
    expect(services.grafana!.image).toMatch(/^grafana\/grafana:/);
    expect(services.grafana!.environment!.GF_INSTALL_PLUGINS).toContain('grafana-clickhouse-datasource');
    for (const name of ['detector', 'init']) expect(services[name]!.build).toBe('.');
  });

  it('gives every long-running service a healthcheck, and orders start-up on them', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'init') continue;
      expect(service.healthcheck?.test, `${name} healthcheck`).toBeDefined();
    }
    expect(services.init!.depends_on).toEqual({
      kafka: { condition: 'service_healthy' },
      'schema-registry': { condition: 'service_healthy' },
      clickhouse: { condition: 'service_healthy' },
    });
    expect(services.detector!.depends_on!.init).toEqual({ condition: 'service_completed_successfully' });
    expect(JSON.stringify(services.detector!.healthcheck!.test)).toContain('/readyz');
    for (const [name, service] of Object.entries(services))
      for (const dependency of Object.keys(service.depends_on ?? {}))
        expect(services[dependency], `${name} depends on ${dependency}`).toBeDefined();
  });

  it('publishes ports on the loopback interface only', () => {
    const published = Object.entries(services).flatMap(([name, s]) => (s.ports ?? []).map((p) => [name, p]));
    expect(published.length).toBeGreaterThanOrEqual(5);
    for (const [name, port] of published) expect(port, name).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    expect(published).toContainEqual(['detector', '127.0.0.1:9464:9464']);
  });

  it("sets the detector's addresses and the pseudonym key from the environment, never a literal key", () => {
    for (const name of ['detector', 'init']) {
      const env = services[name]!.environment!;
      expect(env.KAFKA_BROKERS).toBe('kafka:9092');
      expect(env.SCHEMA_REGISTRY_URL).toMatch(/^http:\/\/schema-registry:8080\//);
      expect(env.CLICKHOUSE_URL).toBe('http://clickhouse:8123');
      expect(env.CUSTOMS_AML_PSEUDONYM_KEY).toMatch(/^\$\{CUSTOMS_AML_PSEUDONYM_KEY:\?/);
      expect(services[name]!.volumes).toContain(
        './deploy/customs-aml/customs-aml.yaml:/app/config/customs-aml.yaml:ro',
      );
    }
    const serviceYaml = parse(readFileSync(join(repoRoot, 'deploy/customs-aml/customs-aml.yaml'), 'utf8'));
    expect(serviceYaml.metrics).toEqual({ enabled: true, host: '0.0.0.0', port: 9464 });
    expect(serviceYaml.sink.database).toBe('customs_aml');
  });

  it('mounts files that exist', () => {
    for (const service of Object.values(services))
      for (const volume of service.volumes ?? []) {
        if (!volume.startsWith('./')) continue;
        expect(() => readFileSync(join(repoRoot, volume.split(':')[0]!)), volume).not.toThrow(/ENOENT/);
      }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  it('is multi-stage, small and runs as a non-root user', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^FROM node:24[\w.-]*-slim AS build$/m);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    for (const dir of ['migrations', 'queries', 'schemas', 'config'])
      expect(dockerfile).toContain(`COPY --chown=root:root ${dir} ./${dir}`);
  });
});
