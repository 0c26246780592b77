// Bokmål texts of the research-idea clinic (issue 8, DEL 2B): ideas on the personal page, the
// feedback form on the phone, the owner's summary (page, e-mail, PDF), the facilitator's pages and
// the projector view.
export const nbIdeas = {
  // The default rubric, written into an event's rubric the first time it is needed.
  defaultCriteria: [
    {
      name: 'Samfunnsnytte/virkning',
      description: 'Hvem har nytte av resultatene, hvor mye, og hvordan vil de bli tatt i bruk?',
    },
    {
      name: 'Innovasjonsgrad',
      description: 'Hva er nytt ut over det som finnes i dag? Hvor ambisiøs er ideen, og hvilken risiko tar den?',
    },
    {
      name: 'Gjennomføring og partnere',
      description: 'Er planen realistisk, og har ideen de partnerne som trengs for å lykkes?',
    },
  ],

  // The section on the personal page
  sectionHeading: 'Forskningsidé',
  sectionIntro:
    'Ta med en forskningsidé som ennå ikke har fått finansiering, og få innspill fra de andre deltakerne på samfunnsnytte og innovasjonsgrad.',
  yourIdea: (title: string) => `Din idé: ${title}`,
  submitLink: 'Send inn en idé',
  editLink: 'Endre ideen',
  closedNoIdea: 'Fristen for å sende inn en idé gikk ut da sesjonen startet.',
  closedIdea: 'Ideen kan ikke endres etter at sesjonen har startet.',
  readLink: (count: number) => `Les ideene i sesjonen (${count})`,
  feedbackLink: 'Gi tilbakemelding på pitchen som pågår nå',
  summaryLink: 'Se tilbakemeldingene på ideen din',
  pdfLink: 'Last ned tilbakemeldingene som PDF',
  flashSaved: 'Ideen er lagret. De andre deltakerne i sesjonen kan lese den.',

  // The idea form
  formTitle: 'Din forskningsidé',
  formIntro:
    'Beskriv ideen kort. Deltakerne i sesjonen kan lese den før dagen, og du får noen minutter til å presentere den (pitche) og få tilbakemeldinger.',
  fieldTitle: 'Tittel på ideen',
  fieldProblem: 'Hvilket problem vil dere løse, og hvem vil ha nytte av det?',
  fieldNovelty: 'Hva er nytt sammenlignet med det som finnes i dag?',
  partnersLegend: 'Planlagte partnere',
  partnersHint:
    'Skriv navn på fagmiljøer eller organisasjoner, gjerne flere. La feltene stå tomme der dere ikke vet ennå.',
  partnerKinds: {
    research: 'Forskning',
    public: 'Offentlig sektor',
    business: 'Næringsliv',
    civil: 'Sivilsamfunn og frivillighet',
  },
  fieldFunding: 'Finansieringsordning dere sikter mot',
  fieldFundingHint: 'Skriv fritt, eller velg et av forslagene.',
  fundingSuggestions: [
    'Forskningsrådet: Innovasjonsprosjekt i offentlig sektor',
    'Forskningsrådet: Kompetanse- og samarbeidsprosjekt',
    'Forskningsrådet: Forskerprosjekt',
    'Forskningsrådet: Innovasjonsprosjekt i næringslivet',
    'Regionale forskningsfond',
    'Horisont Europa',
    'EUs Interreg',
    'KS: FoU-prosjekt',
  ],
  stageLegend: 'Hvor langt har dere kommet?',
  stages: {
    idea: 'Bare en idé ennå',
    partners: 'Vi har funnet partnere',
    writing: 'Vi skriver søknad',
  },
  save: 'Lagre ideen',
  required: 'Fyll ut feltet.',
  tooLong: (max: number) => `Skriv høyst ${max} tegn.`,
  stageRequired: 'Velg hvor langt dere har kommet.',
  changeClosed: 'Sesjonen har startet, så ideen kan ikke endres lenger.',
  notInSession: 'Bare deltakere med bekreftet plass i en pitchesesjon kan sende inn og lese ideer.',
  backToMy: 'Tilbake til påmeldingen din',

  // The list of ideas
  listTitle: (code: string) => `Ideene i sesjon ${code}`,
  listIntro: 'Dette er ideene som skal pitches, i den rekkefølgen fasilitatoren har satt opp. Tidene er omtrentlige.',
  listEmpty: 'Ingen har sendt inn en idé ennå.',
  owner: (name: string, organization: string) => (organization ? `${name}, ${organization}` : name),
  yours: 'Din idé',
  plannedAt: (time: string) => `Pitch omtrent kl. ${time}`,
  problemTerm: 'Problem, og hvem som har nytte av å løse det',
  noveltyTerm: 'Hva er nytt',
  partnersTerm: 'Planlagte partnere',
  fundingTerm: 'Finansieringsordning',
  stageTerm: 'Hvor langt de har kommet',
  notGiven: 'Ikke oppgitt',

  // Feedback on the phone
  feedbackTitle: 'Tilbakemelding på pitchen',
  nowOn: (place: number, total: number) => `Pitch ${place} av ${total}`,
  phaseNames: { pitch: 'Pitch', feedback: 'Tilbakemelding' },
  phaseLabel: 'Fase',
  notStarted: 'Pitchene har ikke startet ennå. Skjemaet kommer her når fasilitatoren starter første pitch.',
  finished: 'Sesjonen er avsluttet. Takk for innspillene!',
  refresh: 'Oppdater siden',
  refreshHint: 'Siden oppdaterer seg selv når fasilitatoren går videre. Uten JavaScript må du oppdatere den selv.',
  ownPitch: 'Dette er din egen idé. Du kan ikke gi tilbakemelding på den – lytt til innspillene!',
  feedbackFor: (title: string) => `Din tilbakemelding på «${title}»`,
  feedbackIntro:
    'Gi en poengsum fra 1 til 5 for hvert kriterium, og gjerne en kommentar. Den som pitcher, ser ikke hvem som har skrevet hva.',
  scoreLabels: ['1 – svært svak', '2 – svak', '3 – middels', '4 – sterk', '5 – svært sterk'],
  comment: 'Kommentar',
  send: 'Send tilbakemeldingen',
  update: 'Oppdater tilbakemeldingen',
  sent: 'Takk! Tilbakemeldingen er lagret. Du kan endre den så lenge pitchen pågår.',
  givenBefore: 'Du har gitt tilbakemelding på denne pitchen. Endre og send på nytt hvis du vil.',
  movedOn: 'Pitchen du skrev om, er over, så tilbakemeldingen ble ikke lagret. Her er pitchen som pågår nå.',
  timeLeft: (time: string) => `${time} igjen`,
  overTime: (time: string) => `${time} over tiden`,
  timerLabel: 'Tid',

  // The owner's summary
  summaryTitle: 'Tilbakemeldinger på ideen din',
  summaryFor: (title: string) => `Idé: ${title}`,
  respondents: (count: number) =>
    count === 1 ? '1 person ga tilbakemelding.' : `${count} personer ga tilbakemelding.`,
  noFeedback: 'Ingen har gitt tilbakemelding på ideen ennå.',
  anonymousNote: 'Tilbakemeldingene er anonyme. Kommentarene står i alfabetisk rekkefølge.',
  averageLine: (average: string, spread: string, min: number, max: number) =>
    `Snitt ${average} av 5 · spredning (standardavvik) ${spread} · fra ${min} til ${max}`,
  noScores: 'Ingen poeng ennå.',
  distributionCaption: (criterion: string) => `Fordeling av poeng: ${criterion}`,
  colScore: 'Poeng',
  colCount: 'Antall',
  colBar: 'Andel',
  commentsHeading: 'Kommentarer',
  noComments: 'Ingen kommentarer.',
  notYours: 'Du har ikke sendt inn en idé, så det finnes ingen tilbakemeldinger å vise.',

  // The summary mail
  mailSubject: (title: string) => `Tilbakemeldinger på ideen din: ${title}`,
  mailGreeting: (name: string) => `Hei, ${name}!`,
  mailIntro: (title: string, session: string) =>
    `Takk for at du pitchet «${title}» i sesjon ${session}. Her er tilbakemeldingene du fikk.`,
  mailLinkLabel: 'Tilbakemeldingene ligger også på siden din, og du kan laste dem ned som PDF:',
  mailLinkButton: 'Se tilbakemeldingene',

  // The PDF
  pdfTitle: (title: string) => `Tilbakemeldinger: ${title}`,
  pdfPrinted: (when: string) => `Laget ${when}`,
  pdfPage: (page: number, count: number) => `Side ${page} av ${count}`,
  pdfFile: 'tilbakemeldinger',

  // The projector view
  /** Heading of the pitch sessions' boards on a display link's index. */
  displayPitchSessions: 'Pitchesesjoner',
  projectorTitle: (code: string) => `Pitcher i sesjon ${code}`,
  projectorWaiting: 'Pitchene begynner snart.',
  projectorFinished: 'Takk for alle pitchene!',
  projectorScores: 'Tilbakemeldinger så langt',
  projectorRespondents: (count: number, total: number) => `${count} av ${total} har gitt tilbakemelding`,
  projectorHowTo: 'Gi tilbakemelding på telefonen: åpne lenken fra påmeldingen din og velg «Gi tilbakemelding».',
  scoreCounts: (score: number, count: number) => `Poeng ${score}: ${count}`,

  // The back office
  admin: {
    link: 'Pitcher',
    title: 'Forskningsideer og pitcher',
    intro:
      'I en pitchesesjon sender deltakerne inn forskningsideer før dagen. Her setter dere opp rekkefølgen og tidene, styrer sesjonen og viser tilbakemeldingene på projektoren.',
    noSessions:
      'Ingen sesjoner er merket som pitchesesjon ennå. Kryss av for «Pitchesesjon» på sesjonen under Rediger → Sesjoner.',
    editSessions: 'Gå til sesjonene',
    sessionsHeading: 'Pitchesesjoner',
    sessionLabel: (code: string, title: string) => `${code}: ${title}`,
    ideasCount: (count: number) => (count === 1 ? '1 idé' : `${count} ideer`),
    planLink: (code: string) => `Rekkefølge og tider for sesjon ${code}`,
    runLink: (code: string) => `Styr sesjon ${code}`,
    projectorLink: (code: string) => `Projektorvisning for sesjon ${code}`,
    displayLinkHint:
      'Projektoren i salen kan også vise pitchene uten innlogging, med en visningslenke (se Spørsmål). Pitchene ligger da på visningslenken etterfulgt av /pitch/ og sesjonskoden.',
    rubricLink: 'Vurderingskriterier',

    // The pitch-session setting in the event editor
    pitchSession: 'Pitchesesjon (forskningsverksted)',
    pitchSessionHint:
      'Deltakerne kan sende inn en forskningsidé før dagen, lese hverandres ideer og gi tilbakemelding på pitchene.',

    // Planning
    planTitle: (code: string) => `Rekkefølge og tider, sesjon ${code}`,
    timingHeading: 'Tider',
    pitchMinutes: 'Minutter til hver pitch',
    feedbackMinutes: 'Minutter til tilbakemelding etter hver pitch',
    offsetMinutes: 'Minutter fra sesjonen starter til første pitch',
    offsetHint: 'For eksempel til en innledning. Skriv 0 hvis første pitch starter når sesjonen starter.',
    minutesInvalid: (min: number, max: number) => `Skriv et helt tall fra ${min} til ${max}.`,
    saveTiming: 'Lagre tidene',
    timingSaved: 'Tidene er lagret.',
    orderHeading: 'Rekkefølge',
    orderIntro: 'Tidene er regnet ut fra sesjonens start og minuttene over. Deltakerne ser dem på listen over ideer.',
    colNo: 'Nr.',
    colTime: 'Tid',
    colIdea: 'Idé',
    colOwner: 'Pitches av',
    colStage: 'Hvor langt',
    colMove: 'Flytt',
    moveUp: (title: string) => `Flytt «${title}» opp`,
    moveDown: (title: string) => `Flytt «${title}» ned`,
    moved: 'Rekkefølgen er endret.',
    noIdeas: 'Ingen har sendt inn en idé ennå.',
    overrun: (time: string) =>
      `Siste pitch slutter kl. ${time}, etter at sesjonen er slutt. Kort ned minuttene eller flytt noen til en annen gang.`,

    // Running the session
    runTitle: (code: string) => `Styr pitchene i sesjon ${code}`,
    statusReady: 'Sesjonen har ikke startet.',
    statusFinished: 'Sesjonen er avsluttet.',
    summariesSent: (count: number) =>
      count === 1
        ? 'Oppsummeringen er sendt på e-post til 1 idéeier.'
        : `Oppsummeringene er sendt på e-post til ${count} idéeiere.`,
    nowHeading: 'Nå',
    controlsHeading: 'Styring',
    start: 'Start første pitch',
    nextToFeedback: 'Neste: tilbakemelding',
    nextPitch: (title: string) => `Neste pitch: ${title}`,
    back: 'Tilbake',
    finish: 'Avslutt sesjonen og send oppsummeringene',
    lastPitch: 'Dette er siste pitch. Avslutt sesjonen når tilbakemeldingene er gitt.',
    orderListHeading: 'Alle pitchene',
    jumpTo: (title: string) => `Start «${title}» nå`,
    isCurrent: 'pågår nå',
    noticeStarted: 'Første pitch er i gang.',
    noticeStepped: 'Neste fase er i gang.',
    noticeFinished: 'Sesjonen er avsluttet.',
    stale: 'Noen andre styrte sesjonen i mellomtiden. Her er det som gjelder nå – trykk igjen om du fortsatt vil.',
    nowhere: 'Det går ikke an å gå dit: det finnes ingen pitch før eller etter denne, eller ingen ideer å starte med.',

    // The rubric
    rubricTitle: 'Vurderingskriterier',
    rubricIntro:
      'Deltakerne gir hver pitch en poengsum fra 1 til 5 og en kommentar for hvert kriterium. Kriteriene gjelder alle pitchesesjonene i arrangementet.',
    rubricReadOnly: 'Bare arrangører kan endre kriteriene.',
    criterionName: 'Navn',
    criterionDescription: 'Forklaring til deltakerne',
    saveCriterion: (name: string) => `Lagre «${name}»`,
    removeCriterion: (name: string) => `Fjern «${name}»`,
    addHeading: 'Legg til et kriterium',
    addCriterion: 'Legg til kriteriet',
    criterionAdded: 'Kriteriet er lagt til.',
    criterionSaved: 'Kriteriet er lagret.',
    criterionMoved: 'Rekkefølgen er endret.',
    criterionRemoved: 'Kriteriet er fjernet.',
    criterionInUse: 'Kriteriet har fått poeng, eller er det eneste, og kan ikke fjernes.',
    tooManyCriteria: (max: number) => `Det kan være høyst ${max} kriterier.`,
  },
};
