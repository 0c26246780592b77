// CSV and XLSX files of an event's registrations, with column headers in the organiser's
// language. Both take rows from the same query as the list page (registration-query.ts).
import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { EventDetails } from '../../core/events/types.ts';
import { type AdminRegistrationRow, answerText } from '../../core/registrations/admin/registration-query.ts';
import { zoneOffsetMinutes } from '../../core/shared/time.ts';
import type { Messages } from '../i18n/index.ts';
import { statusLabel } from '../views/admin/registrations.tsx';
import { roleLabel } from '../views/format.ts';

type Cell = string | number | Date | null;

interface Column {
  header: string;
  /** Width in characters in the spreadsheet. */
  width: number;
  value: (row: AdminRegistrationRow) => Cell;
  /** Holds instants: shown as date and time. */
  date?: true;
}

function columns(t: Messages, event: EventDetails, includeNeeds: boolean): Column[] {
  const r = t.admin.registrations;
  const cols: Column[] = [
    { header: r.colId, width: 8, value: (x) => x.id },
    { header: r.colName, width: 28, value: (x) => x.name },
    { header: r.colEmail, width: 30, value: (x) => x.email ?? '' },
    { header: r.colOrganization, width: 28, value: (x) => x.organization },
    { header: r.colRole, width: 20, value: (x) => roleLabel(t, event, x.role) },
    { header: r.colRoleOther, width: 20, value: (x) => x.roleOther },
    { header: r.colSession, width: 10, value: (x) => x.sessionCode ?? r.noSession },
    { header: r.colSessionTitle, width: 30, value: (x) => x.sessionTitle ?? '' },
    { header: r.colStatus, width: 16, value: (x) => statusLabel(t, x.status) },
    { header: r.colWaitlistPosition, width: 10, value: (x) => x.waitlistPosition },
    { header: r.colCreated, width: 18, value: (x) => x.createdAt, date: true },
    { header: r.colUpdated, width: 18, value: (x) => x.updatedAt, date: true },
    { header: r.colCancelled, width: 18, value: (x) => x.cancelledAt, date: true },
    { header: r.colCheckedIn, width: 18, value: (x) => x.checkedInAt, date: true },
    { header: r.colBooker, width: 24, value: (x) => x.bookerName },
    { header: r.colBookerEmail, width: 30, value: (x) => x.bookerEmail },
    { header: r.colPublicListing, width: 10, value: (x) => (x.publicListing ? r.yes : r.no) },
  ];
  if (includeNeeds) cols.push({ header: r.colNeeds, width: 40, value: (x) => x.needs ?? '' });
  for (const q of event.questions) {
    cols.push({ header: q.label, width: 30, value: (x) => answerText(x.answers[String(q.id)]) });
  }
  return cols;
}

/** "2030-10-01 14:00" on the event's wall clock: what Excel reads as a date and time. */
function localText(instant: Date, timeZone: string): string {
  return localDate(instant, timeZone).toISOString().slice(0, 16).replace('T', ' ');
}

/** A Date whose UTC fields are the wall-clock time in the zone (spreadsheets have no zones). */
function localDate(instant: Date, timeZone: string): Date {
  return new Date(instant.getTime() + zoneOffsetMinutes(instant, timeZone) * 60_000);
}

/**
 * A text a spreadsheet would run as a formula (= + - @, or a tab or carriage return that some
 * programs strip first) gets a leading apostrophe, so it shows as the text it is (OWASP CSV injection).
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** UTF-8 with a byte-order mark, `;` between fields and CRLF: what Excel in Norway opens as is. */
export function registrationsCsv(
  t: Messages,
  event: EventDetails,
  rows: AdminRegistrationRow[],
  includeNeeds: boolean,
): Buffer {
  const cols = columns(t, event, includeNeeds);
  const cellText = (v: Cell): string => {
    if (v === null) return '';
    if (v instanceof Date) return localText(v, event.timeZone);
    if (typeof v === 'number') return String(v);
    return neutralise(v);
  };
  const records = [
    cols.map((c) => neutralise(c.header)),
    ...rows.map((row) => cols.map((c) => cellText(c.value(row)))),
  ];
  const text = stringify(records, { delimiter: ';', record_delimiter: '\r\n', bom: true, quoted_string: false });
  return Buffer.from(text, 'utf8');
}

/** A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ], unique in the book. */
function sheetName(wanted: string, taken: Set<string>): string {
  const clean = wanted.replace(/[:\\/?*[\]]/g, ' ').trim() || 'Ark';
  let name = clean.slice(0, 31);
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    name = `${clean.slice(0, 31 - suffix.length)}${suffix}`;
  }
  taken.add(name.toLowerCase());
  return name;
}

/**
 * One overview sheet with everyone, one per session, one for "only the shared programme" if anyone
 * chose it. Written with exceljs's streaming writer: each row goes out compressed as it is added,
 * so the file costs a few MB of memory whatever its length (the in-memory workbook needed over
 * 300 MB of heap for 10,000 registrations and ran out of a 1 GB heap at 100,000).
 */
export async function registrationsXlsx(
  t: Messages,
  event: EventDetails,
  rows: AdminRegistrationRow[],
  includeNeeds: boolean,
): Promise<Buffer> {
  const r = t.admin.registrations;
  const cols = columns(t, event, includeNeeds);
  // Loaded on first use: exceljs alone adds about 30 MB to the server's memory.
  const { default: ExcelJS } = await import('exceljs');
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  book.creator = 'samskap';
  book.created = new Date(0);
  const taken = new Set<string>();
  const addSheet = (name: string, sheetRows: AdminRegistrationRow[]) => {
    const sheet = book.addWorksheet(sheetName(name, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = cols.map((c) => ({
      header: c.header,
      width: c.width,
      ...(c.date ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}),
    }));
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.commit();
    for (const row of sheetRows) {
      sheet
        .addRow(
          cols.map((c) => {
            const v = c.value(row);
            return v instanceof Date ? localDate(v, event.timeZone) : v;
          }),
        )
        .commit();
    }
    sheet.commit();
  };
  addSheet(r.sheetAll, rows);
  for (const session of event.sessions) {
    addSheet(
      `${session.code} ${session.title}`,
      rows.filter((x) => x.sessionCode === session.code),
    );
  }
  const noSession = rows.filter((x) => x.sessionCode === null);
  if (noSession.length > 0) addSheet(r.sheetNoSession, noSession);
  await book.commit();
  await finished;
  return Buffer.concat(chunks);
}

/** "samskaping-levanger-pamelde.csv": a file name from the slug (slugs are ASCII already). */
export function exportFilename(slug: string, extension: 'csv' | 'xlsx'): string {
  const safe = slug.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 100) || 'arrangement';
  return `${safe}-pamelde.${extension}`;
}
