// A log-bucket histogram of positive values (the DDSketch idea): bucket i holds the values in
// (γ^(i−1), γ^i] with γ = (1 + α) / (1 − α), so any quantile is returned within relative error α.
// Deterministic and order-independent (a bucket is a count), mergeable exactly (counts add), and
// JSON-serialisable (bucket index → count), so it can live in keyed state and be rebuilt by replay.
// Floats here are statistics (prices), never money.

/** Bucket index (as a string key) → count. */
export type LogBins = Record<string, number>;

export interface LogHistogramSpec {
  /** Relative accuracy α of the quantiles, 0 < α < 1 (e.g. 0.01). */
  relativeAccuracy: number;
}

function gamma(spec: LogHistogramSpec): number {
  return (1 + spec.relativeAccuracy) / (1 - spec.relativeAccuracy);
}

// ln γ of the last accuracy asked for: every observation needs it, and a rule uses one accuracy.
let lastAccuracy = Number.NaN;
let lastLogGamma = Number.NaN;

function logGamma(spec: LogHistogramSpec): number {
  if (spec.relativeAccuracy !== lastAccuracy) {
    lastLogGamma = Math.log(gamma(spec));
    lastAccuracy = spec.relativeAccuracy;
  }
  return lastLogGamma;
}

/** The bucket of a positive value. */
export function bucketOf(value: number, spec: LogHistogramSpec): number {
  return Math.ceil(Math.log(value) / logGamma(spec));
}

/** The value a bucket stands for: within α of every value in it. */
export function bucketValue(bucket: number, spec: LogHistogramSpec): number {
  const g = gamma(spec);
  return (2 * g ** bucket) / (g + 1);
}

/** Adds a positive, finite value (others are ignored); returns the bins. */
export function addValue(bins: LogBins, value: number, spec: LogHistogramSpec): LogBins {
  if (!(value > 0) || !Number.isFinite(value)) return bins;
  const key = String(bucketOf(value, spec));
  bins[key] = (bins[key] ?? 0) + 1;
  return bins;
}

/** Adds `from` into `into` (exact: counts add). */
export function mergeBins(into: LogBins, from: LogBins): LogBins {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
  return into;
}

export function countOf(bins: LogBins): number {
  let n = 0;
  for (const count of Object.values(bins)) n += count;
  return n;
}

/**
 * The quantiles (each in [0, 1]) by the nearest-rank rule on the bucketed values: the value of
 * the bucket holding the ⌈q·n⌉-th smallest observation (the first for q = 0). Null when empty.
 */
export function quantilesOf(bins: LogBins, qs: readonly number[], spec: LogHistogramSpec): number[] | null {
  const buckets = Object.entries(bins)
    .map(([key, count]) => [Number(key), count] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
  const n = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (n === 0) return null;
  return qs.map((q) => {
    const rank = Math.max(1, Math.ceil(q * n));
    let seen = 0;
    for (const [bucket, count] of buckets) {
      seen += count;
      if (seen >= rank) return bucketValue(bucket, spec);
    }
    return bucketValue(buckets[buckets.length - 1]![0], spec);
  });
}
