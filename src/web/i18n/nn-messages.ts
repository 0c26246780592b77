// Nynorsk texts that registrants read about messages (see ./nb-messages.ts).
import type { nbMessaging } from './nb-messages.ts';
import type { Widen } from './types.ts';

export const nnMessaging = {
  mail: {
    testSubject: (subject: string) => `[TEST] ${subject}`,
    testNote: 'Dette er ein test som berre du har fått. Namn, sesjon og lenke er døme; kvar mottakar får sine eigne.',
    sampleToken: 'eksempel-personleg-lenke',
    reminderSubject: (event: string, date: string) => `Påminning: ${event} ${date}`,
    reminderIntro: (event: string, date: string) =>
      `Velkommen til ${event} ${date}! Her er programmet og lenka til påmeldinga di.`,
    programme: 'Program:',
    yourSession: (session: string) => `Sesjonen din: ${session}`,
    noSession: 'Du deltek berre på fellesdelen.',
    reminderCancelNote: 'Kan du ikkje kome likevel? Meld deg av med lenka, så får nokon på ventelista plassen din.',
    thanksSubject: (event: string) => `Takk for sist: ${event}`,
    thanksIntro: (event: string) => `Takk for at du var med på ${event}!`,
    thanksAsk:
      'Vi vil gjerne høyre kva du syntest. Evalueringa tek eit par minutt, og svara hjelper oss å gjere neste arrangement betre.',
    evaluationLabel: 'Svar på evalueringa:',
    evaluationButton: 'Svar på evalueringa',
    changeFacts: 'Slik er det no:',
    changeCalendar: 'Den oppdaterte kalenderoppføringa ligg ved. Opnar du ho, blir avtalen i kalenderen din oppdatert.',
    cancelCalendar: 'Vedlegget fjernar avtalen frå kalenderen din når du opnar det.',
    linkLabel: 'Påmeldinga di:',
  },
  evaluation: {
    title: (event: string) => `Evaluering: ${event}`,
    intro: (name: string) =>
      `Hei, ${name}! Gi gjerne ein karakter til kvar del av programmet og skriv det du vil. Alt er frivillig.`,
    scale: 'Frå 1 (svært dårleg) til 5 (svært bra).',
    ratingLegend: (part: string) => `Kva syntest du om ${part}?`,
    noRating: 'Vil ikkje svare',
    ratingLabels: ['1 – svært dårleg', '2 – dårleg', '3 – middels', '4 – bra', '5 – svært bra'],
    comment: 'Kva vil du seie til arrangøren?',
    commentHint: 'Kva var bra, og kva kan bli betre?',
    submit: 'Send svaret',
    saved: 'Takk for svaret! Du kan endre det her så lenge du vil.',
    savedBefore: (date: string) => `Du svarte ${date}. Sender du på nytt, blir det førre svaret bytt ut.`,
    notYetTitle: 'Evalueringa er ikkje opna enno',
    notYet: 'Evalueringa opnar når arrangementet byrjar.',
    cancelledTitle: 'Påmeldinga er avmeld',
    cancelled: 'Evalueringa er for dei som var påmelde.',
    commentTooLong: (max: number) => `Teksten kan vere på høgst ${max} teikn.`,
  },
  cancelledEvent: {
    badge: 'Avlyst',
    notice: 'Arrangementet er avlyst.',
    noticeText: 'Påmeldinga er stengd. Har du spørsmål, ta kontakt med arrangøren.',
  },
} satisfies Widen<typeof nbMessaging>;
