// The `mail` phase: the sign-up mail parser over the mail corpus (test/mail-corpus), the frozen
// part (written before any rule) and the shaped part (written while the rules were made)
// reported separately and together. Goals (issue 9): no wrong auto-accepted registration
// (precision 100 %) and at least 80 % of the messages handled without review.
import { corpusEvent, corpusRoot, loadCorpus, runCorpus, type Scores, score } from './mail-corpus.ts';
import { fmt } from './stats.ts';
import { markdownTable } from './table.ts';

export interface MailRow {
  figure: string;
  app: string;
  reference: string;
  ratio: string;
  goal: string;
  met: string;
}

const pct = (value: number | null, digits = 1) => (value === null ? '–' : `${fmt(value * 100, digits)} %`);
const of = (a: number, b: number) => `${a}/${b}`;

export async function mailBench(
  repoRoot: string,
  log: (message: string) => void,
): Promise<{ rows: MailRow[]; text: string; problems: string[]; details: Record<string, unknown> }> {
  const entries = loadCorpus(corpusRoot(repoRoot));
  const outcomes = await runCorpus(entries, corpusEvent());
  const parts: [string, Scores][] = [
    ['frozen', score(outcomes.filter((o) => o.entry.part === 'frozen'))],
    ['heldout', score(outcomes.filter((o) => o.entry.part === 'heldout'))],
    ['shaped', score(outcomes.filter((o) => o.entry.part === 'shaped'))],
    ['all', score(outcomes)],
  ];
  const rows: MailRow[] = [];
  const problems: string[] = [];
  const table: string[][] = [];
  for (const [name, s] of parts) {
    log(
      `mail ${name}: ${s.messages} messages, precision ${pct(s.registrations.precision)}, recall ${pct(s.registrations.recall)}, without review ${pct(s.withoutReview)}`,
    );
    const precisionMet = s.wrongAccepts.length === 0;
    if (!precisionMet) problems.push(`mail ${name}: wrong auto-accepts: ${s.wrongAccepts.join(', ')}`);
    if (s.wrongIgnores > 0) problems.push(`mail ${name}: ${s.wrongIgnores} messages ignored that a human must read`);
    rows.push(
      {
        figure: `mail ${name}: precision of auto-accepted registrations`,
        app: `${pct(s.registrations.precision)} (${of(s.registrations.right, s.registrations.accepted)})`,
        reference: '–',
        ratio: '–',
        goal: '100 %',
        met: precisionMet ? 'yes' : 'NO',
      },
      {
        figure: `mail ${name}: handled without review (accepted or ignored)`,
        app: pct(s.withoutReview),
        reference: `${pct(s.withoutReviewCeiling)} (corpus ceiling)`,
        ratio: fmt(s.withoutReview / Math.max(s.withoutReviewCeiling, 1e-9), 3),
        goal: '≥ 80 %',
        met: s.withoutReview >= 0.8 ? 'yes' : 'NO',
      },
    );
    table.push(
      [name, 'messages', String(s.messages)],
      ['', 'kind right', `${pct(s.kindCorrect / s.messages)} (${of(s.kindCorrect, s.messages)})`],
      [
        '',
        'auto-accepted registrations: precision',
        `${pct(s.registrations.precision)} (${of(s.registrations.right, s.registrations.accepted)})`,
      ],
      [
        '',
        'auto-accepted registrations: recall',
        `${pct(s.registrations.recall)} (${of(s.registrations.right, s.registrations.should)})`,
      ],
      [
        '',
        'auto-accepted cancellations: precision / recall',
        `${pct(s.cancellations.precision)} (${of(s.cancellations.right, s.cancellations.accepted)}) / ${pct(s.cancellations.recall)} (${of(s.cancellations.right, s.cancellations.should)})`,
      ],
      [
        '',
        'changes made without review: precision / recall',
        `${pct(s.changes.precision)} (${of(s.changes.right, s.changes.accepted)}) / ${pct(s.changes.recall)} (${of(s.changes.right, s.changes.should)})`,
      ],
      ['', 'role accuracy (people in registration mails)', `${pct(s.role.accuracy)} (${of(s.role.right, s.role.of)})`],
      [
        '',
        'session accuracy (people in registration mails)',
        `${pct(s.session.accuracy)} (${of(s.session.right, s.session.of)})`,
      ],
      ['', 'sent to review', `${pct(s.review / s.messages)} (${of(s.review, s.messages)})`],
      [
        '',
        'handled without review (accepted + ignored)',
        `${pct(s.withoutReview)} (${of(s.accepted + s.ignored, s.messages)}; ceiling ${pct(s.withoutReviewCeiling)})`,
      ],
      ['', 'ignored that a human must read', String(s.wrongIgnores)],
      ['', 'parse time per message (mean)', `${fmt(s.meanMs, 1)} ms`],
    );
  }
  const text = markdownTable(['part', 'figure', 'value'], table);
  const details = Object.fromEntries(
    parts.map(([name, s]) => [
      name,
      {
        ...s,
        perMessage: outcomes
          .filter((o) => name === 'all' || o.entry.part === name)
          .map((o) => ({
            file: `${o.entry.part}/${o.entry.expected.file}`,
            kind: o.parsed.kind,
            decision: o.parsed.decision,
            confidence: o.parsed.confidence,
            expectedKind: o.entry.expected.kind,
            shouldAutoAccept: o.entry.expected.shouldAutoAccept,
          })),
      },
    ]),
  );
  // The per-message list once is enough.
  delete (details.frozen as Record<string, unknown>).perMessage;
  delete (details.heldout as Record<string, unknown>).perMessage;
  delete (details.shaped as Record<string, unknown>).perMessage;
  return { rows, text, problems, details };
}
