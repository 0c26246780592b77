// A participant list to print and sign on the day: A4 portrait, a heading with the event, the
// session and the date, then a table (number, name, organisation, role, [session,] signature)
// whose header row is repeated at the top of every page, and "Side 1 av 3" at the foot of each.
// Margins 15 mm all round; rows at least 8 mm high so that there is room to sign; names and
// organisations wrap inside their cells (a row grows) and are never cut.
import type { EventDetails } from '../../core/events/types.ts';
import type { AdminRegistrationRow } from '../../core/registrations/admin/registration-query.ts';
import { formatDateTime, type Messages } from '../i18n/index.ts';
import { eventWhen, venueText } from '../views/format.ts';
import { badgeRole } from './badges.ts';
import { BOLD, breathe, finish, LINE_HEIGHT, MM, newDocument, REGULAR, wrapText } from './fonts.ts';

const MARGIN = 15 * MM;
const FOOTER_H = 8 * MM;
const MIN_ROW_H = 8 * MM;
const CELL_PAD = 4;
const BODY_SIZE = 9.5;
const HEAD_SIZE = 9;
const RULE = '#555555';

export interface ParticipantListInput {
  t: Messages;
  event: EventDetails;
  rows: AdminRegistrationRow[];
  lang: string;
  now: Date;
  /** "2A: Samskapingsverksted", "Bare fellesdelen" or "Alle påmeldte". */
  sessionLabel: string;
  /** A session column, for a list of everyone. */
  showSession: boolean;
}

interface Column {
  header: string;
  /** Share of the width left after the fixed columns; or a fixed width in points. */
  width: number;
  cell: (row: AdminRegistrationRow, index: number) => string;
  align?: 'right';
}

function columns(input: ParticipantListInput, tableW: number): (Column & { x: number })[] {
  const p = input.t.admin.print;
  const number: Column = { header: p.colNumber, width: 9 * MM, cell: (_r, i) => String(i + 1), align: 'right' };
  const flexible: Column[] = [
    { header: p.colName, width: 0.28, cell: (r) => r.name },
    { header: p.colOrganization, width: 0.25, cell: (r) => r.organization },
    { header: p.colRole, width: 0.17, cell: (r) => badgeRole(input.t, input.event, r) },
  ];
  const session: Column = {
    header: p.colSession,
    width: 15 * MM,
    cell: (r) => r.sessionCode ?? '–',
  };
  const signature: Column = { header: p.colSignature, width: 0.3, cell: () => '' };
  const all = [number, ...flexible, ...(input.showSession ? [session] : []), signature];
  const fixed = all.filter((c) => c.width >= 1).reduce((s, c) => s + c.width, 0);
  const shares = all.filter((c) => c.width < 1).reduce((s, c) => s + c.width, 0);
  let x = MARGIN;
  return all.map((c) => {
    const width = c.width >= 1 ? c.width : ((tableW - fixed) * c.width) / shares;
    const placed = { ...c, width, x };
    x += width;
    return placed;
  });
}

/** The participant list as one PDF file. */
export async function participantListPdf(input: ParticipantListInput): Promise<Buffer> {
  const { t, event, rows, lang } = input;
  const p = t.admin.print;
  const title = `${p.listTitle}: ${event.title}`;
  const doc = await newDocument(
    { title: `${title} – ${input.sessionLabel}`, subject: p.listCount(rows.length), lang, createdAt: input.now },
    MARGIN,
    true,
  );
  const pageW = 595.28;
  const tableW = pageW - 2 * MARGIN;
  const cols = columns(input, tableW);
  doc.addPage();
  const pageH = doc.page.height;
  const limit = pageH - MARGIN - FOOTER_H;

  // Heading (first page only).
  let y = MARGIN;
  doc.font(BOLD).fillColor('#000000');
  for (const line of wrapText(doc, title, tableW, 15)) {
    doc.text(line, MARGIN, y, { lineBreak: false });
    y += 15 * LINE_HEIGHT;
  }
  y += 1;
  for (const line of wrapText(doc, input.sessionLabel, tableW, 12.5)) {
    doc.text(line, MARGIN, y, { lineBreak: false });
    y += 12.5 * LINE_HEIGHT;
  }
  y += 2;
  doc.font(REGULAR);
  const where = venueText(event);
  for (const line of wrapText(doc, [eventWhen(event, lang), where].filter(Boolean).join(' · '), tableW, 10)) {
    doc.text(line, MARGIN, y, { lineBreak: false });
    y += 10 * LINE_HEIGHT;
  }
  doc.fontSize(9).fillColor('#333333');
  doc.text(
    `${p.listCount(rows.length)} · ${p.listPrinted(formatDateTime(input.now, lang, event.timeZone))}`,
    MARGIN,
    y + 1,
    { lineBreak: false },
  );
  doc.fillColor('#000000');
  y += 9 * LINE_HEIGHT + 4 * MM;

  y = headerRow(doc, cols, y);
  if (rows.length === 0) {
    doc
      .font(REGULAR)
      .fontSize(BODY_SIZE)
      .text(p.listEmpty, MARGIN, y + CELL_PAD, { lineBreak: false });
  }
  for (const [i, row] of rows.entries()) {
    doc.font(REGULAR).fontSize(BODY_SIZE);
    const cells = cols.map((c) => wrapText(doc, c.cell(row, i), c.width - 2 * CELL_PAD, BODY_SIZE));
    const lines = Math.max(...cells.map((c) => c.length));
    const rowH = Math.max(MIN_ROW_H, lines * BODY_SIZE * LINE_HEIGHT + 2 * CELL_PAD);
    if (y + rowH > limit) {
      await breathe();
      doc.addPage();
      y = headerRow(doc, cols, MARGIN);
    }
    doc.font(REGULAR).fontSize(BODY_SIZE).fillColor('#000000');
    cols.forEach((c, ci) => {
      const cell = cells[ci] ?? [];
      // Centred vertically: a one-line row reads evenly, and a grown row keeps its cells aligned.
      let lineY = y + (rowH - cell.length * BODY_SIZE * LINE_HEIGHT) / 2 + 0.5;
      for (const line of cell) {
        const w = doc.widthOfString(line);
        const x = c.align === 'right' ? c.x + c.width - CELL_PAD - w : c.x + CELL_PAD;
        doc.text(line, x, lineY, { lineBreak: false });
        lineY += BODY_SIZE * LINE_HEIGHT;
      }
    });
    gridRow(doc, cols, y, rowH);
    y += rowH;
  }

  // Footers, now that the number of pages is known.
  const range = doc.bufferedPageRange();
  const running = `${event.title} – ${input.sessionLabel}`;
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const footY = pageH - MARGIN - 9;
    doc.font(REGULAR).fontSize(8.5).fillColor('#333333');
    const pageText = p.pageOf(i + 1, range.count);
    const pageTextW = doc.widthOfString(pageText);
    let runningText = running;
    while (runningText.length > 1 && doc.widthOfString(runningText) > tableW - pageTextW - 8 * MM) {
      runningText = `${runningText.slice(0, -2).trimEnd()}…`;
    }
    doc.text(runningText, MARGIN, footY, { lineBreak: false });
    doc.text(pageText, pageW - MARGIN - pageTextW, footY, { lineBreak: false });
  }
  return finish(doc);
}

function headerRow(doc: PDFKit.PDFDocument, cols: (Column & { x: number })[], y: number): number {
  const h = HEAD_SIZE * LINE_HEIGHT + 2 * CELL_PAD;
  const right = cols.at(-1);
  const width = right ? right.x + right.width - MARGIN : 0;
  doc.save().rect(MARGIN, y, width, h).fill('#e4e4e4').restore();
  doc.font(BOLD).fontSize(HEAD_SIZE).fillColor('#000000');
  for (const c of cols) {
    const w = doc.widthOfString(c.header);
    const x = c.align === 'right' ? c.x + c.width - CELL_PAD - w : c.x + CELL_PAD;
    doc.text(c.header, x, y + CELL_PAD, { lineBreak: false });
  }
  gridRow(doc, cols, y, h);
  return y + h;
}

function gridRow(doc: PDFKit.PDFDocument, cols: (Column & { x: number })[], y: number, h: number) {
  doc.save().lineWidth(0.6).strokeColor(RULE);
  for (const c of cols) doc.rect(c.x, y, c.width, h);
  doc.stroke().restore();
}
