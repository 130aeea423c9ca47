// What a replay or a run has done so far: counts for the closing summary.
import type { Alert } from '../core/alert.ts';
import type { EventKind } from '../core/events.ts';
import type { StepOutput } from '../core/records.ts';

export class RunSummary {
  readonly read: Record<EventKind, number> = { declaration: 0, manifest: 0, invoice: 0 };
  readonly rejected = new Map<string, number>();
  readonly alertsByRule = new Map<string, Set<string>>();
  readonly alerts = new Map<string, Alert>();
  late = 0;

  add(output: StepOutput): void {
    for (const kind of Object.keys(output.read) as EventKind[]) this.read[kind] += output.read[kind];
    for (const letter of output.deadLetters) {
      const key = `${letter.error.stage}/${letter.error.reason}`;
      this.rejected.set(key, (this.rejected.get(key) ?? 0) + 1);
    }
    for (const alert of output.alerts) {
      const ids = this.alertsByRule.get(alert.ruleId) ?? new Set<string>();
      ids.add(alert.alertId);
      this.alertsByRule.set(alert.ruleId, ids);
      const seen = this.alerts.get(alert.alertId);
      if (!seen || alert.revision >= seen.revision) this.alerts.set(alert.alertId, alert);
    }
    this.late += output.late;
  }

  get totalRead(): number {
    return this.read.declaration + this.read.manifest + this.read.invoice;
  }

  get totalRejected(): number {
    return [...this.rejected.values()].reduce((a, b) => a + b, 0);
  }

  format(): string {
    const lines = [
      `read ${this.totalRead} records: ${this.read.declaration} declarations, ${this.read.manifest} manifests, ${this.read.invoice} invoices`,
      `rejected ${this.totalRejected}${this.rejected.size ? ':' : ''}`,
      ...[...this.rejected].sort().map(([reason, n]) => `  ${reason}: ${n}`),
      `alerts ${this.alerts.size}${this.alertsByRule.size ? ':' : ''}`,
      ...[...this.alertsByRule]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([rule, ids]) => `  ${rule}: ${ids.size}`),
    ];
    if (this.late > 0) lines.push(`late events (behind the watermark on arrival): ${this.late}`);
    return lines.join('\n');
  }
}
