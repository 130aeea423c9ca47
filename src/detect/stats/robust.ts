// Robust location and spread for small samples: median, median absolute deviation (MAD) and the
// robust z-score 0.6745 × (x − median) / MAD (Iglewicz and Hoaglin), which one outlier in the
// history does not drag along as it would a mean and a standard deviation. Floats: statistics,
// never money. Deterministic: the result depends on the values, not on their order.

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  // A Float64Array sorts numerically in native code, without a comparator call per comparison.
  return middleOf(Float64Array.from(values).sort());
}

function middleOf(sorted: Float64Array): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median absolute deviation from the median. */
export function medianAbsoluteDeviation(values: ArrayLike<number>, centre = median(values)): number {
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) deviations[i] = Math.abs(values[i]! - centre);
  if (deviations.length === 0) throw new RangeError('median of an empty list');
  return middleOf(deviations.sort());
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

export function robustSummary(values: ArrayLike<number>, madFloor = 0): RobustSummary {
  const centre = median(values);
  const mad = medianAbsoluteDeviation(values, centre);
  return { count: values.length, median: centre, mad, madUsed: Math.max(mad, madFloor) };
}

/**
 * robustSummary of values already sorted ascending, without sorting or allocating: the median is
 * the middle, and the absolute deviations, growing outwards from the median on both sides, are
 * merged up to their middle. Same result as robustSummary on the same values.
 */
export function robustSummaryOfSorted(sorted: ArrayLike<number>, madFloor = 0): RobustSummary {
  const n = sorted.length;
  if (n === 0) throw new RangeError('median of an empty list');
  const mid = n >> 1;
  const centre = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  // Left of `right`: values below the centre (deviations grow leftwards); from `right`: the rest.
  let right = 0;
  while (right < n && sorted[right]! < centre) right++;
  let left = right - 1;
  let previous = 0;
  let current = 0;
  for (let taken = 0; taken <= mid; taken++) {
    const leftDeviation = left >= 0 ? Math.abs(sorted[left]! - centre) : Number.POSITIVE_INFINITY;
    const rightDeviation = right < n ? Math.abs(sorted[right]! - centre) : Number.POSITIVE_INFINITY;
    previous = current;
    if (leftDeviation <= rightDeviation) {
      current = leftDeviation;
      left--;
    } else {
      current = rightDeviation;
      right++;
    }
  }
  const mad = n % 2 === 1 ? current : (previous + current) / 2;
  return { count: n, median: centre, mad, madUsed: Math.max(mad, madFloor) };
}

/** Robust z-score of x against a summary; Infinity (signed) when the MAD used is zero and x differs. */
export function robustZ(x: number, summary: Pick<RobustSummary, 'median' | 'madUsed'>): number {
  const diff = x - summary.median;
  if (summary.madUsed === 0) return diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
  return (MAD_CONSISTENCY * diff) / summary.madUsed;
}
