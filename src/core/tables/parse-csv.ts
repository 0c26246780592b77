// Reads participants from a spreadsheet export: columns id;role;organization;challenges;fixedTable,
// separated by semicolons (what Excel writes in Norwegian locales), challenges separated by commas.
import type { InputProblem, Participant, Validated } from './types.ts';

export interface CsvParticipants {
  participants: Participant[];
  /** The line (from 1, header included) each participant came from. */
  lines: number[];
  /** Challenge ids in order of first mention. */
  challengeIds: string[];
}

const COLUMNS = ['id', 'role', 'organization', 'challenges', 'fixedtable'] as const;

/** Splits CSV text into records of fields (RFC 4180 quoting, ; as separator), with their line numbers. */
function records(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line += 1;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ';') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i += 1;
      fields.push(field);
      out.push({ line: start, fields });
      fields = [];
      field = '';
      line += 1;
      start = line;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    out.push({ line: start, fields });
  }
  return out.filter((r) => r.fields.some((f) => f.trim() !== ''));
}

/** Parses the participants CSV; problems name the line. */
export function parseParticipantsCsv(text: string): Validated<CsvParticipants> {
  const rows = records(text);
  const header = rows.shift();
  if (!header) return { ok: false, problems: [{ message: 'the file is empty (expected a header line)' }] };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  if (names.length === 1 && names[0]!.includes(',')) {
    return { ok: false, problems: [{ message: 'line 1: columns must be separated by ";" (found ",")' }] };
  }
  const col = new Map<string, number>();
  names.forEach((name, i) => {
    if ((COLUMNS as readonly string[]).includes(name)) col.set(name, i);
  });
  const missing = ['id', 'role'].filter((c) => !col.has(c));
  if (missing.length > 0) {
    return {
      ok: false,
      problems: [{ message: `line 1: missing column(s) ${missing.join(', ')} (expected ${COLUMNS.join(';')})` }],
    };
  }
  const problems: InputProblem[] = [];
  const participants: Participant[] = [];
  const lines: number[] = [];
  const challengeIds: string[] = [];
  for (const row of rows) {
    const cell = (name: string) => {
      const i = col.get(name);
      return i === undefined ? '' : (row.fields[i] ?? '').trim();
    };
    const id = cell('id');
    const where = `line ${row.line}${id ? ` (${id})` : ''}`;
    const challenges = cell('challenges')
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== '');
    for (const c of challenges) if (!challengeIds.includes(c)) challengeIds.push(c);
    const participant: Participant = { id, role: cell('role'), organization: cell('organization'), challenges };
    const fixed = cell('fixedtable');
    if (fixed !== '') {
      const parts = fixed.split(',').map((f) => f.trim());
      const parsed = parts.map((f) =>
        f === '' || f.toLowerCase() === 'null' ? null : /^\d+$/.test(f) ? Number(f) : Number.NaN,
      );
      if (parsed.some((t) => Number.isNaN(t))) {
        problems.push({
          message: `${where}: fixedTable "${fixed}" is not a table number (or one per round, separated by ",")`,
        });
      } else {
        participant.fixedTable = parts.length === 1 ? (parsed[0] as number) : parsed;
      }
    }
    if (id === '') problems.push({ message: `${where}: the id is empty` });
    participants.push(participant);
    lines.push(row.line);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { participants, lines, challengeIds } };
}
