// Name badges: A4 sheets with 8 badges each (2 columns × 4 rows), for printing on plain paper
// and cutting, or straight onto 8-up badge/label sheets.
//
// Geometry (millimetres), that of the common 8-up A4 label sheets (Avery L7165/J8165 and their
// Herma/Zweckform equivalents): each badge 99.1 × 67.7; top and bottom margins 13.1; left
// margin 4.65; columns 101.6 apart (a 2.5 gap between them); rows 67.7 apart (no gap). Short
// cutting marks are drawn only in the page margins and in the gap between the columns, never
// on a badge, so they do not show on pre-cut sheets and guide the cutter on plain paper.
//
// On each badge, top to bottom: the event's title (small), the name (bold and large: shrunk to
// fit one line down to a readable size, then wrapped to two lines, and only then made smaller,
// never cut), the organisation, the role, and at the bottom the afternoon session (code in a
// box and the session's title, or "Bare fellesdelen") with the ticket's QR code in the corner.
import QRCode from 'qrcode';
import type { EventDetails } from '../../core/events/types.ts';
import type { AdminRegistrationRow } from '../../core/registrations/admin/registration-query.ts';
import type { Messages } from '../i18n/index.ts';
import { roleLabel } from '../views/format.ts';
import {
  BOLD,
  breathe,
  type FitStage,
  type FittedText,
  finish,
  fitText,
  LINE_HEIGHT,
  MM,
  newDocument,
  REGULAR,
} from './fonts.ts';

const LABEL_W = 99.1 * MM;
const LABEL_H = 67.7 * MM;
const LEFT = 4.65 * MM;
const TOP = 13.1 * MM;
const PITCH_X = 101.6 * MM;
const PITCH_Y = 67.7 * MM;
const COLUMNS = 2;
const ROWS = 4;
export const BADGES_PER_PAGE = COLUMNS * ROWS;

/** Space kept free inside each badge's edge (sheets are seldom fed perfectly straight). */
const PAD = 5 * MM;
const INNER_W = LABEL_W - 2 * PAD;
const FOOTER_H = 15 * MM;
const QR_SIZE = 12 * MM;
const LINE = LINE_HEIGHT;
/** Name: one line down to 16 pt (readable at arm's length), then two lines, only then smaller. */
const NAME_STAGES: FitStage[] = [
  { lines: 1, max: 26, min: 16 },
  { lines: 2, max: 22, min: 12 },
  { lines: 3, max: 12, min: 7 },
];
const ORG_STAGES: FitStage[] = [
  { lines: 1, max: 12, min: 9 },
  { lines: 2, max: 10.5, min: 7 },
];
const ROLE_STAGES: FitStage[] = [
  { lines: 1, max: 11, min: 8.5 },
  { lines: 2, max: 9, min: 7 },
];
const INK = '#000000';
const MUTED = '#3a3a3a';

export interface BadgeInput {
  t: Messages;
  event: EventDetails;
  rows: AdminRegistrationRow[];
  lang: string;
  now: Date;
  /** What a badge's QR code holds; null for badges without QR codes. */
  qrPayload: ((row: AdminRegistrationRow) => string) | null;
}

/** Role text of a badge: the event's label for the role, or what the person wrote for "other". */
export function badgeRole(t: Messages, event: EventDetails, row: AdminRegistrationRow): string {
  const label = roleLabel(t, event, row.role);
  const asksText = event.roles.find((r) => r.code === row.role)?.asksText ?? row.role === 'other';
  return asksText && row.roleOther.trim() !== '' ? row.roleOther.trim() : label;
}

/** The badge sheets as one PDF file. */
export async function badgesPdf(input: BadgeInput): Promise<Buffer> {
  const { t, event, rows } = input;
  const p = t.admin.print;
  const doc = await newDocument(
    {
      title: p.badgesTitle(event.title),
      subject: p.badgesSubject(rows.length),
      lang: input.lang,
      createdAt: input.now,
    },
    0,
    false,
  );
  if (rows.length === 0) doc.addPage();
  for (const [i, row] of rows.entries()) {
    const slot = i % BADGES_PER_PAGE;
    if (slot === 0) {
      if (i > 0) await breathe();
      doc.addPage();
      cuttingMarks(doc);
    }
    const x = LEFT + (slot % COLUMNS) * PITCH_X;
    const y = TOP + Math.floor(slot / COLUMNS) * PITCH_Y;
    badge(doc, input, row, x, y);
  }
  return finish(doc);
}

function cuttingMarks(doc: PDFKit.PDFDocument) {
  const pageW = doc.page.width;
  const mark = 3 * MM;
  doc.save().lineWidth(0.4).strokeColor('#888888');
  // Vertical edges of the columns: marks in the top and bottom margins.
  for (let c = 0; c < COLUMNS; c++) {
    for (const x of [LEFT + c * PITCH_X, LEFT + c * PITCH_X + LABEL_W]) {
      doc.moveTo(x, TOP - 1 * MM - mark).lineTo(x, TOP - 1 * MM);
      doc.moveTo(x, TOP + ROWS * PITCH_Y + 1 * MM).lineTo(x, TOP + ROWS * PITCH_Y + 1 * MM + mark);
    }
  }
  // Horizontal edges of the rows: marks in the side margins and in the gap between the columns.
  const rightEdge = LEFT + (COLUMNS - 1) * PITCH_X + LABEL_W;
  const gapFrom = LEFT + LABEL_W;
  const gapTo = LEFT + PITCH_X;
  for (let r = 0; r <= ROWS; r++) {
    const y = TOP + r * PITCH_Y;
    doc.moveTo(0.5 * MM, y).lineTo(LEFT - 0.8 * MM, y);
    doc.moveTo(rightEdge + 0.8 * MM, y).lineTo(pageW - 0.5 * MM, y);
    if (gapTo - gapFrom > 1.5 * MM) doc.moveTo(gapFrom + 0.4 * MM, y).lineTo(gapTo - 0.4 * MM, y);
  }
  doc.stroke().restore();
}

/** Draws `lines` centred in [x, x + width] from `y` down; returns the y below the last line. */
function centredLines(doc: PDFKit.PDFDocument, lines: string[], size: number, x: number, width: number, y: number) {
  doc.fontSize(size);
  let top = y;
  for (const line of lines) {
    const w = doc.widthOfString(line);
    doc.text(line, x + Math.max(0, (width - w) / 2), top, { lineBreak: false });
    top += size * LINE;
  }
  return top;
}

/** A text cut with "…" to one line of `width` (for the event's and session's titles, never for names). */
function oneLine(doc: PDFKit.PDFDocument, text: string, width: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (doc.widthOfString(clean) <= width) return clean;
  let end = clean.length;
  while (end > 1 && doc.widthOfString(`${clean.slice(0, end).trimEnd()}…`) > width) end--;
  return `${clean.slice(0, end).trimEnd()}…`;
}

function badge(doc: PDFKit.PDFDocument, input: BadgeInput, row: AdminRegistrationRow, x: number, y: number) {
  const { t, event } = input;
  const left = x + PAD;
  const top = y + PAD;
  const bottom = y + LABEL_H - PAD;

  // The event, small, at the top.
  doc.font(REGULAR).fontSize(7.5).fillColor(MUTED);
  doc.text(oneLine(doc, event.title, INNER_W), left, top, { lineBreak: false });

  // Session and QR code along the bottom.
  const footerTop = bottom - FOOTER_H;
  doc
    .save()
    .lineWidth(0.5)
    .strokeColor('#999999')
    .moveTo(left, footerTop)
    .lineTo(left + INNER_W, footerTop)
    .stroke();
  doc.restore();
  const ticket = input.qrPayload?.(row) ?? null;
  const qrArea = ticket ? QR_SIZE + 3 * MM : 0;
  sessionBlock(doc, t, row, left, footerTop + 2 * MM, INNER_W - qrArea, bottom - footerTop - 2 * MM);
  if (ticket) qrCode(doc, ticket, left + INNER_W - QR_SIZE, bottom - QR_SIZE, QR_SIZE);

  // Name, organisation and role, centred in the space between.
  const regionTop = top + 7.5 * LINE + 1.5 * MM;
  const regionH = footerTop - 2 * MM - regionTop;
  const org = row.organization.trim();
  const role = badgeRole(t, event, row);
  doc.font(REGULAR);
  const orgFit = org ? fitText(doc, org, INNER_W, ORG_STAGES) : null;
  const roleFit = fitText(doc, role, INNER_W, ROLE_STAGES);
  const height = (f: FittedText | null) => (f ? f.lines.length * f.size * LINE : 0);
  const gap = 1.5 * MM;
  const restH = height(orgFit) + height(roleFit) + (orgFit ? gap : 0) + gap;
  // The name gets the height that is left.
  doc.font(BOLD);
  const nameFit = fitText(doc, row.name, INNER_W, NAME_STAGES, regionH - restH);
  const total = height(nameFit) + restH;
  let cursor = regionTop + Math.max(0, (regionH - total) / 2);
  doc.font(BOLD).fillColor(INK);
  cursor = centredLines(doc, nameFit.lines, nameFit.size, left, INNER_W, cursor) + gap;
  doc.font(REGULAR);
  if (orgFit) cursor = centredLines(doc, orgFit.lines, orgFit.size, left, INNER_W, cursor) + gap;
  doc.fillColor(MUTED);
  centredLines(doc, roleFit.lines, roleFit.size, left, INNER_W, cursor);
  doc.fillColor(INK);
}

function sessionBlock(
  doc: PDFKit.PDFDocument,
  t: Messages,
  row: AdminRegistrationRow,
  x: number,
  y: number,
  width: number,
  height: number,
) {
  doc.fillColor(INK);
  if (row.sessionCode === null) {
    doc.font(REGULAR).fontSize(10.5);
    doc.text(oneLine(doc, t.admin.print.noSession, width), x, y + (height - 10.5 * LINE) / 2, { lineBreak: false });
    return;
  }
  // The code in a box, as large as fits: it is what people look for when groups split up.
  doc.font(BOLD);
  const code = fitText(doc, row.sessionCode, width * 0.45, [{ lines: 1, max: 16, min: 7 }]);
  doc.fontSize(code.size);
  const codeW = doc.widthOfString(code.lines.join(' ')) + 3 * MM;
  const boxH = code.size * LINE + 1.5 * MM;
  const boxY = y + (height - boxH) / 2;
  doc.save().lineWidth(1).strokeColor(INK).roundedRect(x, boxY, codeW, boxH, 1.5).stroke().restore();
  doc.text(code.lines.join(' '), x + 1.5 * MM, boxY + 0.9 * MM, { lineBreak: false });
  const title = (row.sessionTitle ?? '').trim();
  if (!title) return;
  const titleX = x + codeW + 2.5 * MM;
  const titleW = width - codeW - 2.5 * MM;
  doc.font(REGULAR);
  const fit = fitText(doc, title, titleW, [
    { lines: 1, max: 10, min: 8 },
    { lines: 2, max: 9, min: 7 },
  ]);
  doc.fontSize(fit.size);
  let lines = fit.lines;
  if (lines.length > 2) lines = [lines[0] ?? '', oneLine(doc, lines.slice(1).join(' '), titleW)];
  let lineY = y + (height - lines.length * fit.size * LINE) / 2;
  for (const line of lines) {
    doc.text(line, titleX, lineY, { lineBreak: false });
    lineY += fit.size * LINE;
  }
}

/** A QR code drawn as vector squares (runs of dark modules merged), sharp at any printer resolution. */
function qrCode(doc: PDFKit.PDFDocument, payload: string, x: number, y: number, size: number) {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const m = size / n;
  doc.save().fillColor(INK);
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      doc.rect(x + start * m, y + r * m, (c - start) * m, m);
    }
  }
  doc.fill().restore();
}
