// What every PDF of samskap shares: the embedded Unicode font, the document's metadata, and
// collecting the output into one buffer. PDFs are presentation, so they live in the web layer;
// the rows they print come from core.
//
// pdfkit's built-in fonts (Helvetica & co.) are WinAnsi only: ŋ, đ, ŧ, č, š, ž would print as
// garbage. DejaVu Sans covers Norwegian, Sámi and the rest of Latin; pdfkit embeds the subset
// of glyphs used (as /FontFile2), so the file prints the same on every printer.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const REGULAR = 'samskap-regular';
export const BOLD = 'samskap-bold';

const require = createRequire(import.meta.url);

let fonts: { regular: Buffer; bold: Buffer } | null = null;

/** The font files, read once per process (resolved through node_modules, so src/ and dist/ both find them). */
function fontFiles(): { regular: Buffer; bold: Buffer } {
  if (!fonts) {
    fonts = {
      regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
      bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    };
  }
  return fonts;
}

export interface PdfMeta {
  title: string;
  subject?: string;
  /** BCP 47 language of the text ("nb"). */
  lang: string;
  /** Creation time written into the file (the app's clock, so tests are repeatable). */
  createdAt: Date;
}

/**
 * A new A4 document with the embedded fonts registered as REGULAR and BOLD (REGULAR current)
 * and its metadata set. With `bufferPages`, every page stays in memory so that page footers
 * ("Side 1 av 3") can be written once the page count is known; otherwise each page is written
 * out when the next one starts.
 */
export async function newDocument(meta: PdfMeta, margin: number, bufferPages: boolean): Promise<PDFKit.PDFDocument> {
  // Loaded on first use: pdfkit alone adds about 30 MB to the server's memory.
  const { default: PDFDocument } = await import('pdfkit');
  const files = fontFiles();
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    bufferPages,
    autoFirstPage: false,
    // No default font: it would be Helvetica, loaded from disk and embedded though never used.
    font: '',
    lang: meta.lang,
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: meta.title,
      Author: 'samskap',
      Creator: 'samskap',
      Producer: 'samskap (pdfkit)',
      ...(meta.subject ? { Subject: meta.subject } : {}),
      CreationDate: meta.createdAt,
      ModDate: meta.createdAt,
    },
  });
  doc.registerFont(REGULAR, files.regular);
  doc.registerFont(BOLD, files.bold);
  doc.font(REGULAR);
  return doc;
}

/**
 * Lets other requests run between pages: pdfkit works synchronously, and 250 sheets of badges
 * take a couple of seconds that check-in and sign-up requests should not wait for.
 */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Ends the document and resolves with the whole file. */
export function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** "samskaping-levanger-navnelapper.pdf": a file name from the slug and a suffix, ASCII only. */
export function pdfFilename(slug: string, ...parts: string[]): string {
  const clean = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 100);
  return `${[clean(slug) || 'arrangement', ...parts.map(clean).filter(Boolean)].join('-')}.pdf`;
}

export const MM = 72 / 25.4;

/** A text split into lines that each fit `width` at the current font and size. */
export interface FittedText {
  lines: string[];
  size: number;
}

/**
 * Lines of `text` no wider than `width` at the current font and `size`: breaks between words
 * (and after hyphens); a word wider than a line is broken between characters rather than cut.
 */
export function wrapText(doc: PDFKit.PDFDocument, text: string, width: number, size: number): string[] {
  doc.fontSize(size);
  const fits = (s: string) => doc.widthOfString(s) <= width;
  const tokens = tokenize(text);
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const candidate = line + token;
    if (fits(candidate.trimEnd())) {
      line = candidate;
      continue;
    }
    if (line.trim() !== '') lines.push(line.trimEnd());
    line = token.trimStart();
    // A single token wider than the line: break it between characters.
    while (!fits(line.trimEnd()) && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && !fits(line.slice(0, cut))) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines.length > 0 ? lines : [''];
}

/** Words with their trailing space, and hyphenated parts with their hyphen ("Nord-", "Trøndelag "). */
function tokenize(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[ -])/);
}

/** One way to set a text: in at most `lines` lines, at a size from `max` down to `min` points. */
export interface FitStage {
  lines: number;
  max: number;
  min: number;
}

/** Line height as a multiple of the font size (DejaVu Sans: ascent + descent, and a little air). */
export const LINE_HEIGHT = 1.18;

/**
 * `text` set by the first stage that fits `width` (and `maxHeight`, when given), trying each
 * stage's sizes from large to small: e.g. one line down to a readable size, then two lines,
 * and only then smaller. When nothing fits, the last stage's smallest size with as many lines
 * as the text needs: a text is never cut.
 */
export function fitText(
  doc: PDFKit.PDFDocument,
  text: string,
  width: number,
  stages: FitStage[],
  maxHeight = Number.POSITIVE_INFINITY,
): FittedText {
  const clean = text.replace(/\s+/g, ' ').trim();
  for (const stage of stages) {
    for (let size = stage.max; size >= stage.min; size -= 0.5) {
      const lines = stage.lines === 1 ? [clean] : balancedLines(doc, clean, width, size, stage.lines);
      if (!lines || lines.length * size * LINE_HEIGHT > maxHeight) continue;
      doc.fontSize(size);
      if (lines.every((l) => doc.widthOfString(l) <= width)) return { lines, size };
    }
  }
  const min = stages.at(-1)?.min ?? 8;
  return { lines: wrapText(doc, clean, width, min), size: min };
}

/**
 * The text in exactly `count` lines broken at word boundaries, choosing the breaks that make the
 * widest line narrowest (a two-line name splits in the middle, not after the first word that
 * fills a line). Null when the text has fewer break points than needed or a line is too wide.
 */
function balancedLines(
  doc: PDFKit.PDFDocument,
  text: string,
  width: number,
  size: number,
  count: number,
): string[] | null {
  doc.fontSize(size);
  const tokens = tokenize(text);
  if (tokens.length < count) return tokens.length === 0 ? null : wrapIfFits(doc, tokens, width);
  let best: { lines: string[]; widest: number } | null = null;
  const search = (start: number, left: number, acc: string[]) => {
    if (left === 1) {
      const lines = [...acc, tokens.slice(start).join('').trim()];
      const widest = Math.max(...lines.map((l) => doc.widthOfString(l)));
      if (widest <= width && (!best || widest < best.widest)) best = { lines, widest };
      return;
    }
    for (let end = start + 1; end <= tokens.length - left + 1; end++) {
      const line = tokens.slice(start, end).join('').trim();
      if (doc.widthOfString(line) > width) break;
      search(end, left - 1, [...acc, line]);
    }
  };
  search(0, count, []);
  return (best as { lines: string[] } | null)?.lines ?? null;
}

function wrapIfFits(doc: PDFKit.PDFDocument, tokens: string[], width: number): string[] | null {
  const lines = tokens.map((t) => t.trim());
  return lines.every((l) => doc.widthOfString(l) <= width) ? lines : null;
}
