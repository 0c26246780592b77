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

/** frozen: written before any rule; heldout: written later by someone who never saw the rules;
 * shaped: written before the rules by their author and used to develop them. */
export type CorpusPart = 'frozen' | 'heldout' | 'shaped';
export const CORPUS_PARTS: CorpusPart[] = ['frozen', 'heldout', 'shaped'];

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
  /** The address in the message's From header, read here apart from the parser. */
  fromAddress: string | null;
}

/** The From header's address, straight from the raw bytes (the corpus's headers are plain). */
function fromAddressOf(raw: Buffer): string | null {
  const head = raw.toString('latin1').split(/\r?\n\r?\n/)[0] ?? '';
  const line = /^From:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1];
  if (!line) return null;
  const address = /<([^<>\s]+@[^<>\s]+)>/.exec(line)?.[1] ?? /([^\s<>"]+@[^\s<>"]+)/.exec(line)?.[1];
  return address ? address.toLowerCase() : null;
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
    for (const e of expected) {
      const path = join(dir, e.file);
      entries.push({ part, path, expected: e, fromAddress: fromAddressOf(readFileSync(path)) });
    }
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

/**
 * A change the mailbox connection may make alone (test/mail-corpus/README.md, "Changes"): the
 * sender's own registration (one person, at the From address, no substitution) and one thing
 * asked for — a new afternoon choice, a new role or a need. Derived from the expectations, which
 * were written when every change went to review and are not edited.
 */
export function autoApplicableChange(entry: CorpusEntry): boolean {
  const e = entry.expected;
  if (e.kind !== 'change' || e.people.length !== 1 || e.features.includes('substitution')) return false;
  const person = e.people[0]!;
  const asked = [person.session, person.role, person.needs].filter((v) => v !== null).length;
  return asked === 1 && entry.fromAddress !== null && person.email.toLowerCase() === entry.fromAddress;
}

/** The change made is the one asked for: the same person, session and role, a need when one was asked. */
export function sameChange(parsed: ParsedMail['people'], expected: ExpectedPerson[]): boolean {
  const [p] = parsed;
  const [want] = expected;
  return (
    parsed.length === 1 &&
    expected.length === 1 &&
    clean(p!.name) === clean(want!.name) &&
    p!.email.toLowerCase() === want!.email.toLowerCase() &&
    p!.session === want!.session &&
    p!.role === want!.role &&
    (p!.needs !== null) === (want!.needs !== null)
  );
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
  /** Changes made without review. */
  changes: { accepted: number; right: number; should: number; precision: number | null; recall: number | null };
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
    changes: { accepted: 0, right: 0, should: 0, precision: null, recall: null },
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
    const changeOk = autoApplicableChange(entry);
    const should = e.shouldAutoAccept || changeOk;
    if (should || ignorable(e)) ceiling++;
    if (should) s.shouldAccept++;
    const bucketOf = (kind: string) =>
      kind === 'cancellation'
        ? s.cancellations
        : kind === 'registration'
          ? s.registrations
          : kind === 'change'
            ? s.changes
            : null;
    const bucket = bucketOf(e.kind);
    if (bucket && should) bucket.should++;
    if (parsed.decision === 'accept') {
      s.accepted++;
      const right =
        parsed.kind === e.kind &&
        (changeOk ? sameChange(parsed.people, e.people) : e.shouldAutoAccept && samePeople(parsed.people, e.people));
      if (right) s.acceptedRight++;
      else s.wrongAccepts.push(`${entry.part}/${e.file}`);
      const acceptedBucket = bucketOf(parsed.kind);
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
  for (const b of [s.registrations, s.cancellations, s.changes]) {
    b.precision = ratio(b.right, b.accepted);
    b.recall = ratio(b.right, b.should);
  }
  s.role.accuracy = ratio(s.role.right, s.role.of);
  s.session.accuracy = ratio(s.session.right, s.session.of);
  s.withoutReview = ratio(s.accepted + s.ignored, s.messages) ?? 0;
  s.withoutReviewCeiling = ratio(ceiling, s.messages) ?? 0;
  return s;
}
