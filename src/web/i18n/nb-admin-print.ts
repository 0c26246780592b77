// Bokmål texts of the back office: print (badges and participant lists as PDF).
export const nbAdminPrint = {
  // Badges
  badgesTitle: (event: string) => `Navnelapper: ${event}`,
  badgesSubject: (n: number) => (n === 1 ? '1 navnelapp' : `${n} navnelapper`),
  noSession: 'Bare fellesdelen',
  // Participant lists
  listTitle: 'Deltakerliste',
  listAll: 'Alle påmeldte',
  listSession: (code: string, title: string) => `${code}: ${title}`,
  listCount: (n: number) => (n === 1 ? '1 deltaker' : `${n} deltakere`),
  listPrinted: (when: string) => `Skrevet ut ${when}`,
  listEmpty: 'Ingen påmeldte med plass.',
  colNumber: 'Nr.',
  colName: 'Navn',
  colOrganization: 'Organisasjon',
  colRole: 'Rolle',
  colSession: 'Sesjon',
  colSignature: 'Signatur',
  pageOf: (page: number, pages: number) => `Side ${page} av ${pages}`,
  // Links
  badgesLink: 'Navnelapper (PDF)',
  badgesLinkSession: (session: string) => `Navnelapper for ${session} (PDF)`,
  listPdfLink: 'PDF',
  listPdfLinkLabel: (session: string) => `Deltakerliste for ${session} som PDF`,
  participantsLink: 'Deltakerliste (PDF)',
  pdfHeading: 'Navnelapper og lister som PDF',
  pdfIntro: 'PDF-filene tar med påmeldte med plass, sortert etter navn. Åtte navnelapper per A4-ark.',
} as const;
