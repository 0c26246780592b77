// Counts, mean and spread of 1–5 scores: shared by the projector, the summary page, mail and PDF.
import type { Criterion, CriterionScores } from './types.ts';

/** The distribution of `scores` (each 1–5) with its mean, spread and range. */
export function criterionScores(criterion: Criterion, scores: number[]): CriterionScores {
  const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const s of scores) if (s >= 1 && s <= 5) counts[s - 1] = (counts[s - 1] ?? 0) + 1;
  const valid = scores.filter((s) => s >= 1 && s <= 5);
  const n = valid.length;
  if (n === 0) return { criterion, counts, n, average: null, spread: null, min: null, max: null };
  const average = valid.reduce((a, b) => a + b, 0) / n;
  const variance = valid.reduce((a, s) => a + (s - average) ** 2, 0) / n;
  return {
    criterion,
    counts,
    n,
    average,
    spread: Math.sqrt(variance),
    min: Math.min(...valid),
    max: Math.max(...valid),
  };
}
