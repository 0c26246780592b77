// The feedback summary of one research idea as a PDF for its owner: A4 portrait, a heading with
// the idea, the event and the number of respondents, then per criterion the mean and spread, the
// distribution of scores (a bar and the count for each score 1–5) and every comment, anonymous.
// Margins 18 mm; comments wrap and run onto the next page; "Side 1 av 2" at the foot of each.
import type { IdeaSummary } from '../../core/ideas/types.ts';
import { formatDateTime, type Messages } from '../i18n/index.ts';
import { scoreLine } from '../views/ideas.tsx';
import { BOLD, breathe, finish, LINE_HEIGHT, MM, newDocument, REGULAR, wrapText } from './fonts.ts';

const MARGIN = 18 * MM;
const FOOTER_H = 8 * MM;
const PAGE_W = 595.28;
const BODY = 10.5;

export interface IdeaSummaryPdfInput {
  t: Messages;
  lang: string;
  summary: IdeaSummary;
  eventTitle: string;
  sessionLabel: string;
  timeZone: string;
  now: Date;
}

/** The summary as one PDF file. */
export async function ideaSummaryPdf(input: IdeaSummaryPdfInput): Promise<Buffer> {
  const { t: all, lang, summary } = input;
  const t = all.ideas;
  const title = t.pdfTitle(summary.idea.title);
  const doc = await newDocument({ title, subject: t.summaryTitle, lang, createdAt: input.now }, MARGIN, true);
  const width = PAGE_W - 2 * MARGIN;
  doc.addPage();
  const limit = doc.page.height - MARGIN - FOOTER_H;
  let y = MARGIN;

  const ensure = async (height: number) => {
    if (y + height <= limit) return;
    await breathe();
    doc.addPage();
    y = MARGIN;
  };
  const lines = async (text: string, size: number, font: string, color = '#000000', indent = 0) => {
    doc.font(font).fillColor(color);
    for (const line of wrapText(doc, text, width - indent, size)) {
      await ensure(size * LINE_HEIGHT);
      doc.font(font).fontSize(size).fillColor(color);
      doc.text(line, MARGIN + indent, y, { lineBreak: false });
      y += size * LINE_HEIGHT;
    }
  };

  await lines(title, 16, BOLD);
  y += 2;
  await lines(`${input.eventTitle} · ${input.sessionLabel}`, 11, REGULAR);
  await lines(t.pdfPrinted(formatDateTime(input.now, lang, input.timeZone)), 9, REGULAR, '#333333');
  y += 3 * MM;
  await lines(summary.respondents > 0 ? t.respondents(summary.respondents) : t.noFeedback, BODY, REGULAR);
  if (summary.respondents > 0) await lines(t.anonymousNote, BODY, REGULAR);

  const barW = 60 * MM;
  const rowH = BODY * LINE_HEIGHT + 2;
  for (const c of summary.respondents > 0 ? summary.criteria : []) {
    y += 5 * MM;
    await ensure(14 * LINE_HEIGHT + 5 * rowH);
    await lines(c.criterion.name, 13, BOLD);
    if (c.criterion.description) await lines(c.criterion.description, 9.5, REGULAR, '#333333');
    y += 1;
    await lines(scoreLine(t, c, lang), BODY, REGULAR);
    y += 2;
    // The distribution: "Poeng 5" then a bar as long as its share of the largest count, then the count.
    const max = Math.max(1, ...c.counts);
    for (let i = 0; i < 5; i++) {
      await ensure(rowH);
      const count = c.counts[i] ?? 0;
      doc.font(REGULAR).fontSize(BODY).fillColor('#000000');
      doc.text(`${t.colScore} ${i + 1}`, MARGIN, y, { lineBreak: false });
      const x = MARGIN + 22 * MM;
      doc
        .save()
        .rect(x, y + 1, barW, BODY)
        .lineWidth(0.5)
        .strokeColor('#777777')
        .stroke()
        .restore();
      if (count > 0)
        doc
          .save()
          .rect(x, y + 1, (barW * count) / max, BODY)
          .fill('#00456b')
          .restore();
      doc.font(BOLD).fontSize(BODY).fillColor('#000000');
      doc.text(String(count), x + barW + 3 * MM, y, { lineBreak: false });
      y += rowH;
    }
    y += 2 * MM;
    await lines(t.commentsHeading, 11, BOLD);
    if (c.comments.length === 0) await lines(t.noComments, BODY, REGULAR, '#333333');
    for (const comment of c.comments) {
      y += 1;
      const wrapped = comment.split('\n').flatMap((part) => wrapText(doc.font(REGULAR), part, width - 6 * MM, BODY));
      for (const [i, line] of wrapped.entries()) {
        await ensure(BODY * LINE_HEIGHT);
        doc.font(REGULAR).fontSize(BODY).fillColor('#000000');
        if (i === 0) doc.text('–', MARGIN + 1 * MM, y, { lineBreak: false });
        doc.text(line, MARGIN + 6 * MM, y, { lineBreak: false });
        y += BODY * LINE_HEIGHT;
      }
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const footY = doc.page.height - MARGIN - 9;
    doc.font(REGULAR).fontSize(8.5).fillColor('#333333');
    const pageText = t.pdfPage(i + 1, range.count);
    const pageTextW = doc.widthOfString(pageText);
    let running = summary.idea.title;
    while (running.length > 1 && doc.widthOfString(running) > width - pageTextW - 8 * MM) {
      running = `${running.slice(0, -2).trimEnd()}…`;
    }
    doc.text(running, MARGIN, footY, { lineBreak: false });
    doc.text(pageText, PAGE_W - MARGIN - pageTextW, footY, { lineBreak: false });
  }
  return finish(doc);
}
