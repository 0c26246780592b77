// Nynorsk texts of the privacy pages for registrants (see ./nb-privacy.ts).
import type { nbPrivacy } from './nb-privacy.ts';
import type { Widen } from './types.ts';

export const nnPrivacy = {
  noticeTitle: (org: string) => `Personvernerklæring for ${org}`,
  version: (version: number, date: string) => `Versjon ${version}, gjeldande frå ${date}.`,
  controller: 'Behandlingsansvarleg',
  contact: 'Kontakt om personvern',
  purpose: 'Kva opplysningane blir brukte til',
  lawfulBasis: 'Behandlingsgrunnlag',
  retention: 'Kor lenge opplysningane blir lagra',
  retentionDays: (days: number) =>
    `Påmeldingane blir anonymiserte automatisk ${days} dagar etter arrangementet. Talet på deltakarar per rolle og sesjon blir teke vare på utan namn.`,
  processors: 'Databehandlarar',
  collectedTitle: 'Kva vi lagrar',
  collected:
    'Namn, e-postadresse, organisasjon, rolle, vald sesjon og svar på eventuelle spørsmål i påmeldingsskjemaet. Behov for tilrettelegging blir lagra berre når du samtykkjer til det, og blir sletta først. Namnet ditt står på den offentlege deltakarlista berre om du har kryssa av for det og arrangøren viser lista.',
  rightsTitle: 'Rettane dine',
  rights:
    'Frå den personlege lenkja i stadfestinga kan du sjå og endre påmeldinga, laste ned alle opplysningane vi har om deg, og slette påmeldinga. Du kan også be arrangøren om innsyn, retting eller sletting, og du kan klage til Datatilsynet.',
  noNotice: (org: string) =>
    `${org} har ikkje skrive ei eiga personvernerklæring enno. Den generelle personvernerklæringa gjeld.`,
  generalLink: 'Den generelle personvernerklæringa',
  eventPrivacyLink: 'Personvern for dette arrangementet',
  participantsTitle: 'Deltakarar',
  participantsIntro: 'Påmelde som har valt å stå på den offentlege deltakarlista.',
  participantsNone: 'Ingen på deltakarlista enno.',
  participantsCount: (n: number) => (n === 1 ? '1 person på lista' : `${n} personar på lista`),
  dataTitle: 'Opplysningane dine',
  dataIntro:
    'Du kan laste ned alt vi har lagra om denne påmeldinga som ei fil (JSON), eller slette påmeldinga for godt.',
  download: 'Last ned opplysningane mine (JSON)',
  deleteLink: 'Slett påmeldinga mi',
  deleteTitle: 'Slette påmeldinga?',
  deleteText: (event: string) =>
    `Påmeldinga til ${event} blir sletta for godt: namn, e-postadresse, organisasjon, behov og svar blir fjerna, plassen din går til nestemann på ventelista, og lenkja du brukte no, sluttar å verke. Det kan ikkje angrast.`,
  deleteCompanions:
    'Personar du har meldt på utan eiga e-postadresse, står framleis påmelde, men kan ikkje lenger endrast frå lenkja di. Vil du slette dei også, opnar du kvar av dei og slettar dei først.',
  deleteConfirm: 'Ja, slett påmeldinga',
  deleteKeep: 'Nei, behald påmeldinga',
  deletedTitle: 'Påmeldinga er sletta',
  deletedText: 'Opplysningane om deg er fjerna frå påmeldinga. Lenkja du brukte, verkar ikkje lenger.',
  deletedCompanionText: (name: string) => `Påmeldinga til ${name} er sletta.`,
  deletedBack: 'Til arrangementet',
  organizationsTitle: 'Personvernerklæringar frå arrangørane',
} satisfies Widen<typeof nbPrivacy>;
