// The operator endpoint: GET /metrics (Prometheus text), /healthz (the process answers) and
// /readyz (Kafka connected, sink answering a ping, keyed state restored after the last assignment).
// Plain node:http, bound to metrics.host (loopback by default): nothing here is meant for the
// internet, and nothing in the answers names a record or a person.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ServiceMetrics } from './metrics.ts';

export interface ReadinessChecks {
  /** The consumer is connected to Kafka. */
  kafka(): boolean;
  /** The sink answers (ClickHouse ping); may take up to the ping timeout. */
  sink(): Promise<boolean>;
  /** State was rebuilt for the current assignment. */
  state(): boolean;
}

export interface Readiness {
  ready: boolean;
  checks: { kafka: boolean; sink: boolean; state: boolean };
}

export interface ObservabilityServerOptions {
  host: string;
  port: number;
  metrics: ServiceMetrics;
  readiness: ReadinessChecks;
  /** A sink ping that has not answered by then counts as failed (default 2000 ms). */
  pingTimeoutMs?: number;
}

export class ObservabilityServer {
  readonly #options: ObservabilityServerOptions;
  #server: Server | null = null;
  #port = 0;

  constructor(options: ObservabilityServerOptions) {
    this.#options = options;
  }

  /** The bound port (useful with port 0). */
  get port(): number {
    return this.#port;
  }

  get url(): string {
    const host = this.#options.host.includes(':') ? `[${this.#options.host}]` : this.#options.host;
    return `http://${host}:${this.#port}`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      this.#handle(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#options.port, this.#options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Evaluates every readiness check and records them in the customs_aml_ready gauge. */
  async readiness(): Promise<Readiness> {
    const { readiness, metrics } = this.#options;
    const timeoutMs = this.#options.pingTimeoutMs ?? 2_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const sink = await Promise.race([readiness.sink().catch(() => false), timeout]);
    clearTimeout(timer);
    const checks = { kafka: readiness.kafka(), sink, state: readiness.state() };
    const ready = checks.kafka && checks.sink && checks.state;
    for (const [check, ok] of Object.entries(checks)) metrics.ready.set({ check }, ok ? 1 : 0);
    metrics.ready.set({ check: 'all' }, ready ? 1 : 0);
    return { ready, checks };
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    switch (path) {
      case '/metrics': {
        const body = await this.#options.metrics.exposition();
        response.writeHead(200, { 'content-type': this.#options.metrics.contentType }).end(body);
        return;
      }
      case '/healthz':
        json(response, 200, { status: 'ok' });
        return;
      case '/readyz': {
        const { ready, checks } = await this.readiness();
        json(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
        return;
      }
      default:
        json(response, 404, { error: 'not found', paths: ['/metrics', '/healthz', '/readyz'] });
    }
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}
