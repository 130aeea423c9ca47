// Robust location and spread for small samples: median, median absolute deviation (MAD) and the
// robust z-score 0.6745 × (x − median) / MAD (Iglewicz and Hoaglin), which one outlier in the
// history does not drag along as it would a mean and a standard deviation. Floats: statistics,
// never money. Deterministic: the result depends on the values, not on their order.

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median absolute deviation from the median. */
export function medianAbsoluteDeviation(values: readonly number[], centre = median(values)): number {
  return median(values.map((v) => Math.abs(v - centre)));
}

/** 0.6745: makes the MAD comparable to a standard deviation for normal data. */
export const MAD_CONSISTENCY = 0.6745;

export interface RobustSummary {
  count: number;
  median: number;
  mad: number;
  /** The MAD actually used: never below the floor. */
  madUsed: number;
}

export function robustSummary(values: readonly number[], madFloor = 0): RobustSummary {
  const centre = median(values);
  const mad = medianAbsoluteDeviation(values, centre);
  return { count: values.length, median: centre, mad, madUsed: Math.max(mad, madFloor) };
}

/** Robust z-score of x against a summary; Infinity (signed) when the MAD used is zero and x differs. */
export function robustZ(x: number, summary: Pick<RobustSummary, 'median' | 'madUsed'>): number {
  const diff = x - summary.median;
  if (summary.madUsed === 0) return diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
  return (MAD_CONSISTENCY * diff) / summary.madUsed;
}
