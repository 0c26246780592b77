// Nynorsk texts of the back office: messages, reminders, thank-you, evaluation, change notices
// and cancelling an event (see ./nb-admin-messages.ts).
import type { nbAdminMessages } from './nb-admin-messages.ts';
import type { Widen } from './types.ts';

const personar = (n: number) => (n === 1 ? 'person' : 'personar');

export const nnAdminMessages = {
  title: 'Meldingar',
  intro:
    'Send e-post til deltakarane. Meldingane går berre til dei som har eiga e-postadresse som verkar, og kvar person får meldinga éin gong.',
  writeTitle: 'Skriv ei melding',
  segment: 'Kven skal få meldinga?',
  segments: {
    confirmed: 'Alle påmelde',
    session: (session: string) => `Påmelde til ${session}`,
    noSession: 'Påmelde som berre deltek på fellesdelen',
    waitlisted: 'Alle på ventelista',
    attended: 'Alle som møtte (sjekka inn)',
    not_attended: 'Påmelde som ikkje møtte (ikkje sjekka inn)',
    active: 'Alle påmelde og alle på ventelista',
  },
  subject: 'Emne',
  body: 'Tekst',
  bodyHint:
    'Vanleg tekst; tom linje gir nytt avsnitt. Plasshaldarar: {name} (namnet), {session} (sesjonen), {link} (den personlege lenka til påmeldinga) og {event} (namnet på arrangementet).',
  placeholderUnknown: (names: string) =>
    `Ukjend plasshaldar: ${names}. Du kan bruke {name}, {session}, {link} og {event}.`,
  placeholderUnbalanced: (parts: string) =>
    `Krøllparentesen i ${parts} er ikkje lukka eller opna. Skriv plasshaldarane slik: {name}, {session}, {link}, {event}.`,
  tooLong: (max: number) => `Teksten kan vere på høgst ${max} teikn.`,
  preview: 'Førehandsvis',
  sendTest: 'Send ein test til meg',
  send: 'Send meldinga',
  previewTitle: 'Førehandsvising',
  previewCount: (n: number) =>
    n === 0
      ? 'Meldinga når ingen i denne gruppa.'
      : n === 1
        ? 'Meldinga går til 1 person.'
        : `Meldinga går til ${n} personar.`,
  previewSkipped: (noAddress: number, bounced: number) =>
    `Utan eiga e-postadresse: ${noAddress}. Med adresse som ikkje verkar: ${bounced}. Desse får ikkje meldinga.`,
  previewAs: (name: string, email: string) => `Slik får ${name} (${email}) e-posten:`,
  previewLinkNote: 'Lenka i førehandsvisinga er eit døme; kvar mottakar får si eiga personlege lenke.',
  previewSubject: 'Emne:',
  sent: (n: number) => (n === 1 ? 'Meldinga er send til 1 person.' : `Meldinga er send til ${n} personar.`),
  testSent: (email: string) => `Ein test er send til ${email}.`,
  sentList: 'Sende meldingar',
  sentListEmpty: 'Ingen meldingar er sende enno.',
  colWhen: 'Send',
  colKind: 'Type',
  colSegment: 'Til',
  colSubject: 'Emne',
  colRecipients: 'Mottakarar',
  colBy: 'Send av',
  automatic: 'automatisk',
  kinds: {
    manual: 'Melding',
    reminder: 'Påminning',
    thanks: 'Takk og evaluering',
    change: 'Endringsmelding',
    cancellation: 'Avlysing',
  } as Record<string, string>,
  autoTitle: 'Påminning og takk',
  reminderDays: 'Påminning tal på dagar før',
  reminderDaysHint: 'Påminninga har programmet og den personlege lenka. 0 tyder inga påminning.',
  autoPromoteDays: 'Ventelista rykkjer automatisk opp til tal på dagar før',
  autoPromoteDaysHint:
    'Etter det blir ein ledig plass tilboden til nestemann på ventelista, som må takke ja innan fristen nedanfor. Frå arrangementet startar, blir ledige plassar haldne til folk på ventelista som møter opp. 0 tyder automatisk opprykk heilt til start.',
  offerHours: 'Svarfrist for tilbod om plass (timar)',
  offerHoursHint: 'Svarer ikkje den som får tilbodet, innan fristen, går plassen vidare. Frå 1 til 168 timar.',
  saveSettings: 'Lagre',
  settingsSaved: 'Innstillinga er lagra.',
  reminderSent: (date: string) => `Påminninga vart send ${date}.`,
  reminderPlanned: (date: string) => `Påminninga blir send automatisk ${date}.`,
  reminderOff: 'Det blir ikkje sendt noka påminning.',
  reminderPast: 'Arrangementet har byrja; påminninga vart ikkje send.',
  thanksSent: (date: string) => `Takkemeldinga med lenke til evalueringa vart send ${date}.`,
  thanksPlanned:
    'Når arrangementet er over, får alle som møtte (eller alle påmelde, om ingen vart sjekka inn) ei takk med lenke til ei kort evaluering.',
  sendThanks: 'Send takkemeldinga no',
  thanksDone: (n: number) => `Takkemeldinga er send til ${n} ${personar(n)}.`,
  thanksAlready: 'Takkemeldinga er alt send.',
  evaluationLink: 'Sjå svara på evalueringa',
  changeTitle: 'Melding om endring',
  changeIntro:
    'Er tid, stad eller program endra? Send ei melding til alle påmelde og alle på ventelista, med ei oppdatert kalenderoppføring som erstattar den gamle.',
  changeSubjectDefault: 'Endring: {event}',
  sendChange: 'Send endringsmelding',
  changeSent: (n: number) => `Endringsmeldinga er send til ${n} ${personar(n)}.`,
  cancelTitle: 'Avlys arrangementet',
  cancelIntro:
    'Påmeldinga blir stengd, arrangementssida viser at arrangementet er avlyst, og alle påmelde og alle på ventelista får meldinga di og ei kalenderoppføring som fjernar avtalen. Dette kan ikkje angrast her.',
  cancelSubjectDefault: 'Avlyst: {event}',
  cancelConfirm: 'Ja, eg vil avlyse arrangementet og sende meldinga',
  cancelSubmit: 'Avlys arrangementet',
  cancelledDone: (n: number) => `Arrangementet er avlyst. Meldinga er send til ${n} ${personar(n)}.`,
  cancelledNotice: (date: string) => `Arrangementet vart avlyst ${date}.`,
  alreadyCancelled: 'Arrangementet er alt avlyst.',
  changeHint: 'Har du endra tid, stad eller program? Hugs å sende ei melding om endringa under «Meldingar».',
  evaluationTitle: 'Evaluering',
  evaluationAnswers: (n: number) => (n === 1 ? '1 svar.' : `${n} svar.`),
  evaluationNone: 'Ingen har svart enno.',
  evaluationCaption: 'Karakter per del av programmet (1 = svært dårleg, 5 = svært bra)',
  colPart: 'Del',
  colCount: 'Tal på svar',
  colAverage: 'Snitt',
  colRating: (n: number) => `Tal på ${n}`,
  noAverage: '–',
  comments: 'Kommentarar',
  commentsNone: 'Ingen kommentarar.',
  backToMessages: 'Tilbake til meldingar',
  mailsTitle: 'E-post til denne personen',
  mailsEmpty: 'Ingen e-post er send til denne personen.',
  mailsCaption: 'E-post send til personen, nyaste først',
  colMailSubject: 'Emne',
  colMailKind: 'Type',
  colMailStatus: 'Status',
  colMailCreated: 'Skriven',
  colMailSent: 'Levert',
  mailStatus: { pending: 'Ventar', sent: 'Send', failed: 'Feila' } as Record<string, string>,
  mailKinds: {
    'registration.confirmation': 'Stadfesting',
    'booking.others': 'Stadfesting (melde på andre)',
    'registration.promoted': 'Fått plass',
    'registration.link_requested': 'Personleg lenke',
    'registration.changed': 'Endra påmelding',
    'registration.cancelled': 'Avmelding',
    'message.manual': 'Melding',
    'message.reminder': 'Påminning',
    'message.thanks': 'Takk og evaluering',
    'message.change': 'Endringsmelding',
    'message.cancellation': 'Avlysing',
    'message.test': 'Test',
  } as Record<string, string>,
  bounced: (date: string, reason: string) =>
    `E-postadressa verkar ikkje (avvist ${date})${reason ? `: ${reason}` : ''}. Personen får ikkje fleire meldingar før adressa er retta.`,
} satisfies Widen<typeof nbAdminMessages>;
