// Nynorsk texts of the back office: print (see ./nb-admin-print.ts).
import type { nbAdminPrint } from './nb-admin-print.ts';
import type { Widen } from './types.ts';

export const nnAdminPrint = {
  badgesTitle: (event: string) => `Namnelappar: ${event}`,
  badgesSubject: (n: number) => (n === 1 ? '1 namnelapp' : `${n} namnelappar`),
  noSession: 'Berre fellesdelen',
  listTitle: 'Deltakarliste',
  listAll: 'Alle påmelde',
  listSession: (code: string, title: string) => `${code}: ${title}`,
  listCount: (n: number) => (n === 1 ? '1 deltakar' : `${n} deltakarar`),
  listPrinted: (when: string) => `Skrive ut ${when}`,
  listEmpty: 'Ingen påmelde med plass.',
  colNumber: 'Nr.',
  colName: 'Namn',
  colOrganization: 'Organisasjon',
  colRole: 'Rolle',
  colSession: 'Sesjon',
  colSignature: 'Signatur',
  pageOf: (page: number, pages: number) => `Side ${page} av ${pages}`,
  badgesLink: 'Namnelappar (PDF)',
  badgesLinkSession: (session: string) => `Namnelappar for ${session} (PDF)`,
  listPdfLink: 'PDF',
  listPdfLinkLabel: (session: string) => `Deltakarliste for ${session} som PDF`,
  participantsLink: 'Deltakarliste (PDF)',
  pdfHeading: 'Namnelappar og lister som PDF',
  pdfIntro: 'PDF-filene tek med påmelde med plass, sorterte etter namn. Åtte namnelappar per A4-ark.',
} satisfies Widen<typeof nbAdminPrint>;
