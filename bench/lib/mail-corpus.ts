// The mail corpus (test/mail-corpus) and how the parser scores on it; shared by the `mail` bench
// phase and test/mail-parse.test.ts. Scoring follows test/mail-corpus/README.md: an acceptance
// counts as right only if the message should be auto-accepted and every person's name, address,
// role and session match exactly.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceSeminar } from '../../src/core/demo/reference-seminar.ts';
import {
  type IntakeEvent,
  intakeEventFrom,
  type ParsedMail,
  parseMail,
} from '../../src/core/mail-intake/parse-mail.ts';

export type CorpusPart = 'frozen' | 'shaped';
export const CORPUS_PARTS: CorpusPart[] = ['frozen', 'shaped'];

export interface ExpectedPerson {
  name: string | null;
  email: string;
  role: string | null;
  session: string | null;
  organization: string | null;
  needs: string | null;
}

export interface Expected {
  file: string;
  language: 'nb' | 'nn' | 'en';
  features: string[];
  kind: 'registration' | 'cancellation' | 'change' | 'other';
  people: ExpectedPerson[];
  shouldAutoAccept: boolean;
  notes: string;
}

export interface CorpusEntry {
  part: CorpusPart;
  path: string;
  expected: Expected;
}

export function corpusRoot(repoRoot: string): string {
  return join(repoRoot, 'test', 'mail-corpus');
}

/** Every corpus message with its expectation, frozen part first. */
export function loadCorpus(root: string, parts: CorpusPart[] = CORPUS_PARTS): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  for (const part of parts) {
    const dir = join(root, part);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected[];
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    const listed = new Set(expected.map((e) => e.file));
    for (const file of files) if (!listed.has(file)) throw new Error(`${part}/${file} has no entry in expected.json`);
    for (const e of expected) entries.push({ part, path: join(dir, e.file), expected: e });
  }
  return entries;
}

/** The reference seminar as the corpus was written to it: 1 December 2026, sign-up closing
 * Friday 20 November 2026 at 23:59 Europe/Oslo, sign-up address pamelding@example.no. */
export function corpusEvent(): IntakeEvent {
  const draft = referenceSeminar('2026-12-01', {
    slug: 'samskaping-levanger',
    closesOn: '2026-11-20',
    published: true,
  });
  return intakeEventFrom({
    slug: draft.slug,
    title: draft.title,
    timeZone: draft.timeZone ?? 'Europe/Oslo',
    registrationClosesAt: draft.registrationClosesAt,
    allowNoSession: draft.allowNoSession,
    contactEmail: draft.contactEmail,
    sessions: draft.parts
      .flatMap((part) => part.sessions ?? [])
      .map((s) => ({ code: s.code, title: s.title, description: s.description })),
  });
}

export interface Outcome {
  entry: CorpusEntry;
  parsed: ParsedMail;
  ms: number;
}

export async function runCorpus(entries: CorpusEntry[], event: IntakeEvent): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const entry of entries) {
    const raw = readFileSync(entry.path);
    const t0 = performance.now();
    const parsed = await parseMail(raw, event);
    out.push({ entry, parsed, ms: performance.now() - t0 });
  }
  return out;
}

const clean = (s: string | null) => (s === null ? null : s.replace(/\s+/g, ' ').trim());

/** Name, address, role and session of every person, exactly. */
export function samePeople(parsed: ParsedMail['people'], expected: ExpectedPerson[]): boolean {
  if (parsed.length !== expected.length) return false;
  const left = [...parsed];
  for (const want of expected) {
    const i = left.findIndex(
      (p) =>
        clean(p.name) === clean(want.name) &&
        p.email.toLowerCase() === want.email.toLowerCase() &&
        p.role === want.role &&
        p.session === want.session,
    );
    if (i < 0) return false;
    left.splice(i, 1);
  }
  return true;
}

/** Machine mail (and junk) that may be ignored without a human look. */
export function ignorable(expected: Expected): boolean {
  return (
    expected.kind === 'other' &&
    (expected.features.some((f) => ['auto-reply', 'bounce', 'newsletter', 'read-receipt', 'spam'].includes(f)) ||
      /\bor ignore\b|; ignore\b|\bignore$/.test(expected.notes))
  );
}

export interface Scores {
  messages: number;
  kindCorrect: number;
  accepted: number;
  acceptedRight: number;
  shouldAccept: number;
  /** Auto-accepted registrations. */
  registrations: { accepted: number; right: number; should: number; precision: number | null; recall: number | null };
  cancellations: { accepted: number; right: number; should: number; precision: number | null; recall: number | null };
  role: { right: number; of: number; accuracy: number | null };
  session: { right: number; of: number; accuracy: number | null };
  review: number;
  ignored: number;
  wrongIgnores: number;
  /** Share of messages accepted or ignored. */
  withoutReview: number;
  /** Share of messages a careful human would handle without a second look (the ceiling). */
  withoutReviewCeiling: number;
  wrongAccepts: string[];
  kindMistakes: string[];
  meanMs: number;
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

function personMatch(parsed: ParsedMail['people'], want: ExpectedPerson, used: Set<number>): number {
  let best = -1;
  parsed.forEach((p, i) => {
    if (used.has(i) || best >= 0) return;
    if (want.name !== null && clean(p.name) === clean(want.name)) best = i;
  });
  if (best < 0)
    parsed.forEach((p, i) => {
      if (used.has(i) || best >= 0) return;
      if (want.name === null && p.name === null && p.email.toLowerCase() === want.email.toLowerCase()) best = i;
    });
  return best;
}

export function score(outcomes: Outcome[]): Scores {
  const s: Scores = {
    messages: outcomes.length,
    kindCorrect: 0,
    accepted: 0,
    acceptedRight: 0,
    shouldAccept: 0,
    registrations: { accepted: 0, right: 0, should: 0, precision: null, recall: null },
    cancellations: { accepted: 0, right: 0, should: 0, precision: null, recall: null },
    role: { right: 0, of: 0, accuracy: null },
    session: { right: 0, of: 0, accuracy: null },
    review: 0,
    ignored: 0,
    wrongIgnores: 0,
    withoutReview: 0,
    withoutReviewCeiling: 0,
    wrongAccepts: [],
    kindMistakes: [],
    meanMs: 0,
  };
  let ceiling = 0;
  for (const { entry, parsed, ms } of outcomes) {
    const e = entry.expected;
    s.meanMs += ms / Math.max(1, outcomes.length);
    if (parsed.kind === e.kind) s.kindCorrect++;
    else s.kindMistakes.push(`${entry.part}/${e.file}: ${parsed.kind}, expected ${e.kind}`);
    if (e.shouldAutoAccept || ignorable(e)) ceiling++;
    if (e.shouldAutoAccept) s.shouldAccept++;
    const bucket = e.kind === 'cancellation' ? s.cancellations : e.kind === 'registration' ? s.registrations : null;
    if (bucket && e.shouldAutoAccept) bucket.should++;
    if (parsed.decision === 'accept') {
      s.accepted++;
      const right = e.shouldAutoAccept && parsed.kind === e.kind && samePeople(parsed.people, e.people);
      if (right) s.acceptedRight++;
      else s.wrongAccepts.push(`${entry.part}/${e.file}`);
      const acceptedBucket =
        parsed.kind === 'cancellation' ? s.cancellations : parsed.kind === 'registration' ? s.registrations : null;
      if (acceptedBucket) {
        acceptedBucket.accepted++;
        if (right) acceptedBucket.right++;
      }
    } else if (parsed.decision === 'ignore') {
      s.ignored++;
      if (!ignorable(e)) s.wrongIgnores++;
    } else s.review++;
    if (e.kind === 'registration') {
      const used = new Set<number>();
      for (const want of e.people) {
        const i = parsed.kind === 'registration' ? personMatch(parsed.people, want, used) : -1;
        s.role.of++;
        s.session.of++;
        if (i < 0) continue;
        used.add(i);
        if (parsed.people[i]!.role === want.role) s.role.right++;
        if (parsed.people[i]!.session === want.session) s.session.right++;
      }
    }
  }
  for (const b of [s.registrations, s.cancellations]) {
    b.precision = ratio(b.right, b.accepted);
    b.recall = ratio(b.right, b.should);
  }
  s.role.accuracy = ratio(s.role.right, s.role.of);
  s.session.accuracy = ratio(s.session.right, s.session.of);
  s.withoutReview = ratio(s.accepted + s.ignored, s.messages) ?? 0;
  s.withoutReviewCeiling = ratio(ceiling, s.messages) ?? 0;
  return s;
}
