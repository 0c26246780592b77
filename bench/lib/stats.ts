// Small numeric helpers for the bench's summaries.

/** Median of the finite values (mean of the middle two for an even count); NaN when none. */
export function median(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

export function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Adds up count maps such as { "201": 10, "500": 1 }. */
export function addCounts(maps: Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const m of maps) for (const [k, v] of Object.entries(m)) total[k] = (total[k] ?? 0) + v;
  return total;
}

export function fmt(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** kB (as /proc reports it) to MB (10^6 bytes). */
export function kbToMb(kb: number | null | undefined): number {
  return kb === null || kb === undefined ? Number.NaN : (kb * 1024) / 1e6;
}
