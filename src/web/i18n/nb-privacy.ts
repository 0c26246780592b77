// Bokmål texts of the privacy pages for registrants: an organisation's privacy notice, the public
// participant list, and "download my data" / "delete my registration" on the personal page.
export const nbPrivacy = {
  noticeTitle: (org: string) => `Personvernerklæring for ${org}`,
  version: (version: number, date: string) => `Versjon ${version}, gjeldende fra ${date}.`,
  controller: 'Behandlingsansvarlig',
  contact: 'Kontakt om personvern',
  purpose: 'Hva opplysningene brukes til',
  lawfulBasis: 'Behandlingsgrunnlag',
  retention: 'Hvor lenge opplysningene lagres',
  retentionDays: (days: number) =>
    `Påmeldingene anonymiseres automatisk ${days} dager etter arrangementet. Antall deltakere per rolle og sesjon beholdes uten navn.`,
  processors: 'Databehandlere',
  collectedTitle: 'Hva vi lagrer',
  collected:
    'Navn, e-postadresse, organisasjon, rolle, valgt sesjon og svar på eventuelle spørsmål i påmeldingsskjemaet. Behov for tilrettelegging lagres bare når du samtykker til det, og slettes først. Navnet ditt står på den offentlige deltakerlisten bare hvis du har krysset av for det og arrangøren viser listen.',
  rightsTitle: 'Rettighetene dine',
  rights:
    'Fra den personlige lenken i bekreftelsen kan du se og endre påmeldingen, laste ned alle opplysningene vi har om deg, og slette påmeldingen. Du kan også be arrangøren om innsyn, retting eller sletting, og du kan klage til Datatilsynet.',
  noNotice: (org: string) =>
    `${org} har ikke skrevet en egen personvernerklæring ennå. Den generelle personvernerklæringen gjelder.`,
  generalLink: 'Den generelle personvernerklæringen',
  // on the event page
  eventPrivacyLink: 'Personvern for dette arrangementet',
  participantsTitle: 'Deltakere',
  participantsIntro: 'Påmeldte som har valgt å stå på den offentlige deltakerlisten.',
  participantsNone: 'Ingen på deltakerlisten ennå.',
  participantsCount: (n: number) => (n === 1 ? '1 person på listen' : `${n} personer på listen`),
  // on the personal page
  dataTitle: 'Opplysningene dine',
  dataIntro:
    'Du kan laste ned alt vi har lagret om denne påmeldingen som en fil (JSON), eller slette påmeldingen for godt.',
  download: 'Last ned opplysningene mine (JSON)',
  deleteLink: 'Slett påmeldingen min',
  deleteTitle: 'Slette påmeldingen?',
  deleteText: (event: string) =>
    `Påmeldingen til ${event} blir slettet for godt: navn, e-postadresse, organisasjon, behov og svar fjernes, plassen din går til nestemann på ventelisten, og lenken du brukte nå slutter å virke. Det kan ikke angres.`,
  deleteCompanions:
    'Personer du har meldt på uten egen e-postadresse, står fortsatt påmeldt, men kan ikke lenger endres fra lenken din. Vil du slette dem også, åpner du hver av dem og sletter dem først.',
  deleteConfirm: 'Ja, slett påmeldingen',
  deleteKeep: 'Nei, behold påmeldingen',
  deletedTitle: 'Påmeldingen er slettet',
  deletedText: 'Opplysningene om deg er fjernet fra påmeldingen. Lenken du brukte, virker ikke lenger.',
  deletedCompanionText: (name: string) => `Påmeldingen til ${name} er slettet.`,
  deletedBack: 'Til arrangementet',
  // the generic privacy page
  organizationsTitle: 'Personvernerklæringer fra arrangørene',
};
