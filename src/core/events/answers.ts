// Answers to an event's extra questions: checked against the questions and stored as a JSON
// object keyed by question id (a string for text and choice, a list for checkboxes).
import type { FieldProblem } from '../shared/result.ts';
import type { EventQuestion } from './types.ts';

export type Answers = Record<string, string | string[]>;

/** Longest answer to a text question. */
export const ANSWER_MAX = 1000;

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter((v) => v !== '');
}

/** Problems with the answers, keyed "answers.<question id>". */
export function answerProblems(
  questions: readonly EventQuestion[],
  answers: Answers | undefined,
): Record<string, FieldProblem> {
  const fields: Record<string, FieldProblem> = {};
  for (const q of questions) {
    const given = asList(answers?.[String(q.id)]);
    const path = `answers.${q.id}`;
    if (given.length === 0) {
      if (q.required) fields[path] = 'answer_required';
      continue;
    }
    if (q.kind === 'text') {
      if (given.length > 1 || (given[0] ?? '').length > ANSWER_MAX) fields[path] = 'answer_invalid';
    } else if (q.kind === 'choice') {
      if (given.length > 1 || !q.options.includes(given[0] ?? '')) fields[path] = 'answer_invalid';
    } else if (given.some((v) => !q.options.includes(v)) || new Set(given).size !== given.length) {
      fields[path] = 'answer_invalid';
    }
  }
  return fields;
}

/** The answers to store: only the event's questions, trimmed, empty ones left out. */
export function cleanAnswers(questions: readonly EventQuestion[], answers: Answers | undefined): Answers {
  const out: Answers = {};
  for (const q of questions) {
    const given = asList(answers?.[String(q.id)]);
    if (given.length === 0) continue;
    out[String(q.id)] = q.kind === 'checkboxes' ? given : (given[0] ?? '');
  }
  return out;
}

/** Reads stored answers; anything unreadable counts as none. */
export function parseAnswers(json: string | null | undefined): Answers {
  try {
    const value: unknown = JSON.parse(json ?? '{}');
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    const out: Answers = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') out[k] = v;
      else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
    }
    return out;
  } catch {
    return {};
  }
}
