// The ticket: a QR code holding "SAMSKAP:<code>" and the same code written out below it, for the
// personal page (and the confirmation e-mail). The picture is decorative for a screen reader:
// the written code says everything it says.
import QRCode from 'qrcode';
import type { Messages } from '../i18n/index.ts';

/**
 * The QR code of a ticket payload as an inline SVG string (one path, crisp at any size, hidden
 * from assistive technology). Dark on white with the quiet zone scanners need.
 */
export function ticketSvg(payload: string, options: { title?: string } = {}): string {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const quiet = 4;
  const full = size + quiet * 2;
  let path = '';
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      // One rectangle per run of dark modules in a row keeps the path short.
      const start = col;
      while (col < size && qr.modules.get(row, col)) col++;
      path += `M${start + quiet} ${row + quiet}h${col - start}v1h${start - col}z`;
    }
  }
  const title = options.title ? `<title>${escapeXml(options.title)}</title>` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" width="${full * 6}" height="${full * 6}"` +
    ` class="ticket-qr" aria-hidden="true" focusable="false" shape-rendering="crispEdges">${title}` +
    `<rect width="${full}" height="${full}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
  );
}

/**
 * The same QR code as a PNG, for e-mail: many mail clients show no SVG, so a mail attaches this
 * (inline, by Content-ID) with the code written beside it as text.
 */
export function ticketPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(payload, { errorCorrectionLevel: 'M', scale: 6, margin: 4 });
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The ticket block of the personal page. */
export function TicketBox(props: { t: Messages; code: string; payload: string; waitlisted: boolean }): JSX.Element {
  const { t } = props;
  return (
    <section class="ticket" aria-labelledby="ticket-title">
      <h2 id="ticket-title" safe>
        {t.my.ticketTitle}
      </h2>
      <p safe>{props.waitlisted ? t.my.ticketIntroWaitlisted : t.my.ticketIntro}</p>
      <div class="ticket-qr-frame">{ticketSvg(props.payload) as 'safe'}</div>
      <p class="ticket-code">
        <span safe>{`${t.my.ticketCode}: `}</span>
        <strong class="ticket-code-value" safe>
          {props.code}
        </strong>
      </p>
    </section>
  );
}
