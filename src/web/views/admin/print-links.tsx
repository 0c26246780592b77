// Addresses of an event's printable PDFs (badges, participant lists), for links on admin pages.

function eventBase(slug: string): string {
  return `/admin/events/${encodeURIComponent(slug)}`;
}

/** Name badges, 8 to an A4 sheet; `session` a code or 'none', else everyone confirmed. */
export function badgesPdfPath(slug: string, session?: string): string {
  const path = `${eventBase(slug)}/badges.pdf`;
  return session ? `${path}?session=${encodeURIComponent(session)}` : path;
}

/** The participant list with a signature column; `session` a code or 'none', else everyone confirmed. */
export function participantsPdfPath(slug: string, session?: string): string {
  const path = `${eventBase(slug)}/participants.pdf`;
  return session ? `${path}?session=${encodeURIComponent(session)}` : path;
}
