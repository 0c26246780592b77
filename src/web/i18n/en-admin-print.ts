// English texts of the back office: print (see ./nb-admin-print.ts).
import type { nbAdminPrint } from './nb-admin-print.ts';
import type { Widen } from './types.ts';

export const enAdminPrint = {
  badgesTitle: (event: string) => `Name badges: ${event}`,
  badgesSubject: (n: number) => (n === 1 ? '1 name badge' : `${n} name badges`),
  noSession: 'Shared programme only',
  listTitle: 'List of participants',
  listAll: 'All registrations',
  listSession: (code: string, title: string) => `${code}: ${title}`,
  listCount: (n: number) => (n === 1 ? '1 participant' : `${n} participants`),
  listPrinted: (when: string) => `Printed ${when}`,
  listEmpty: 'No registrations with a place.',
  colNumber: 'No.',
  colName: 'Name',
  colOrganization: 'Organisation',
  colRole: 'Role',
  colSession: 'Session',
  colSignature: 'Signature',
  pageOf: (page: number, pages: number) => `Page ${page} of ${pages}`,
  badgesLink: 'Name badges (PDF)',
  badgesLinkSession: (session: string) => `Name badges for ${session} (PDF)`,
  listPdfLink: 'PDF',
  listPdfLinkLabel: (session: string) => `List of participants for ${session} as PDF`,
  participantsLink: 'List of participants (PDF)',
  pdfHeading: 'Name badges and lists as PDF',
  pdfIntro: 'The PDF files include registrations with a place, sorted by name. Eight name badges per A4 sheet.',
} satisfies Widen<typeof nbAdminPrint>;
