// The reference seminar (shared/reference/seminar-announcement-2019.txt) as demo content. Times,
// titles, names, affiliations and the venue come from the announcement; the descriptions are
// our own, shorter words.
import type { EventDraft } from '../events/create-event.ts';
import { addDays, endOfDayInstant, zonedDate, zonedInstant } from '../shared/time.ts';

const TZ = 'Europe/Oslo';

export const DEMO_ORGANIZATION = { slug: 'demo', name: 'Demo: Nord universitet, Levanger kommune og KS' };
export const DEMO_SLUG = 'samskaping-levanger';
export const DEMO_PAST_SLUG = 'samskaping-levanger-2019';
export const DEMO_CONTACT = 'pamelding@example.no';

const description = `Nord universitet, Levanger kommune og KS inviterer til en møteplass om **samskaping av fellesskapsverdier i kommunen**.

Mange utfordringer – som bærekraftig utvikling og befolkningens livskvalitet – kan ingen løse alene. Samskaping er blitt et trendord, men forståelsen av hva det er og hvordan det gjøres, spriker. Dette seminaret samler praktikere, politikere og forskere for å se ulike forskningstradisjoner i sammenheng og bygge praktisk og politisk handlingskapasitet i kommunene.

**Før lunsj** får du fire korte innlegg om samskaping som samstyring og demokratisk innovasjon, som medborgerskap og frivillighet, som sosial innovasjon og som relasjonell velferd. Deretter deler aktører fra Levanger kommune erfaringer, forskerne reflekterer sammen (reflekterende team), og dagens første del avsluttes med dialog i plenum.

**Etter lunsj** velger du én av to parallelle sesjoner:

- **2A Møteplass samskaping** i regi av KS: bli med og løs floker! Folk med ulik bakgrunn jobber sammen ved blandede bord om lokale utfordringer, i en fasilitert prosess.
- **2B Forskningssøknader**: forelesning og workshop om «samfunnsnytte/impact» og «innovasjonsgrad». Ta gjerne med en forskningsidé som ennå ikke har fått finansiering, og få innspill på den.

Representanter fra faggruppe Ledelse og innovasjon ved Fakultet for samfunnsvitenskap, Nord universitet, står for store deler av programmet, i nært samarbeid med andre forskningsmiljøer, Levanger kommune og KS.`;

const summary =
  'Hvordan kan vi samskape fellesskapsverdier i kommunen? En felles del med innlegg og dialog før lunsj, og etter lunsj et valg mellom Møteplass samskaping og en workshop om forskningssøknader.';

/** The seminar on a given calendar date ("2019-11-12"). */
export function referenceSeminar(
  date: string,
  options: { slug: string; closesOn: string; published: boolean },
): EventDraft {
  const at = (time: string) => zonedInstant(date, time, TZ);
  return {
    organizationSlug: DEMO_ORGANIZATION.slug,
    organizationName: DEMO_ORGANIZATION.name,
    slug: options.slug,
    title: 'Samskaping av fellesskapsverdier i kommunen',
    summary,
    descriptionMd: description,
    // The announcement says the day ends at 15:00, but session 2A runs to 15:30.
    startsAt: at('09:00'),
    endsAt: at('15:30'),
    timeZone: TZ,
    venueName: 'Nord universitet, Levanger, campus Røstad',
    venueRoom: 'Daniel Mortenson-salen',
    venueAddress: 'Levanger',
    audience:
      'Politikere, forskere, ledere, praktikere, frivillige, næringslivsaktører og andre med interesse for samskaping i og med offentlig sektor.',
    isFree: true,
    isOpen: true,
    contactEmail: DEMO_CONTACT,
    registrationOpensAt: null,
    registrationClosesAt: endOfDayInstant(options.closesOn, TZ),
    capacity: 150,
    allowNoSession: true,
    published: options.published,
    organisers: [{ name: 'Nord universitet' }, { name: 'Levanger kommune' }, { name: 'KS' }],
    partners: [],
    links: [{ label: 'Om konseptet Møteplass samskaping', url: 'https://www.samskaping.info' }],
    parts: [
      {
        label: 'DEL 1',
        title: 'Hvordan samskape? Politikk og praksis møter akademia',
        facilitators: 'Asbjørn Røiseland og Dina von Heimburg',
        items: [
          {
            startsAt: at('09:00'),
            endsAt: at('09:30'),
            title: 'Samskaping: Governance og demokratisk innovasjon',
            kind: 'talk',
            speakers: [
              { name: 'Jacob Torfing', affiliation: 'Roskilde Universitet/Nord Universitet' },
              { name: 'Asbjørn Røiseland', affiliation: 'Oslo MET/Nord Universitet' },
            ],
          },
          {
            startsAt: at('09:30'),
            endsAt: at('09:45'),
            title: 'Samskaping: Medborgerskap og sivilsamfunn i «Kommune 3.0»',
            kind: 'talk',
            speakers: [{ name: 'Eugene Guribye', affiliation: 'NORCE' }],
          },
          {
            startsAt: at('09:45'),
            endsAt: at('10:00'),
            title: 'Samskaping: Sosial innovasjon',
            kind: 'talk',
            speakers: [{ name: 'Lars Ueland Kobro', affiliation: 'SESAM/Universitetet i Sørøst-Norge' }],
          },
          {
            startsAt: at('10:00'),
            endsAt: at('10:15'),
            title: 'Samskaping: Relasjonell velferd',
            kind: 'talk',
            speakers: [
              { name: 'Ottar Ness', affiliation: 'NTNU' },
              { name: 'Dina von Heimburg', affiliation: 'Levanger kommune/Nord universitet' },
            ],
          },
          { startsAt: at('10:15'), endsAt: at('10:45'), title: 'Pause/mingling', kind: 'break' },
          {
            startsAt: at('10:45'),
            endsAt: at('11:45'),
            title: 'Erfaringsdeling fra Levanger og refleksjon fra innledere',
            kind: 'panel',
            note: 'Fasilitert samtale med politisk nivå, administrativ ledelse, fagforeninger og deltakere i By- og bygdelab i Levanger kommune, fulgt av et reflekterende team med forskerne.',
          },
          {
            startsAt: at('11:45'),
            endsAt: at('12:15'),
            title: 'Dialog/prosess i plenum',
            kind: 'plenary',
            note: 'Forskere, praktikere og salen reflekterer sammen over muligheter, dilemmaer og videre kunnskapsbehov.',
          },
          {
            startsAt: at('12:15'),
            endsAt: at('13:00'),
            title: 'Lunsj',
            kind: 'meal',
            note: 'Ta med matpakke, eller kjøp i kantina.',
          },
        ],
      },
      {
        label: 'DEL 2',
        title: 'Parallelle sesjoner',
        facilitators: '',
        items: [],
        sessions: [
          {
            code: '2A',
            title: 'Møteplass samskaping – la oss gjøre det sammen!',
            description:
              'En smakebit på KS’ regionale møteplasser for samskaping. Deltakere fra kommune, næringsliv, ideell sektor, akademia og innbyggere jobber sammen ved blandede bord om lokale floker, i en fasilitert prosess.',
            facilitator: 'Anne Romsås (KS)',
            startsAt: at('13:00'),
            endsAt: at('15:30'),
            capacity: 80,
          },
          {
            code: '2B',
            title: '«Samfunnsnytte/impact» og «innovasjonsgrad» i forskningssøknader',
            description:
              'Forelesning og workshop om to vurderingskriterier mange søknader faller igjennom på. Deltakerne kan presentere forskningsideer som ennå ikke har fått finansiering, og få innspill til neste steg.',
            facilitator: 'Jacob Torfing (RUC/Nord universitet)',
            startsAt: at('13:00'),
            endsAt: at('15:00'),
            capacity: 40,
          },
        ],
      },
    ],
  };
}

/** The upcoming demo: six weeks after `today`, closing at 23:59 eleven days before. */
export function upcomingDemo(today: Date): EventDraft {
  const day = addDays(today, 42);
  const date = zonedDate(day, TZ);
  return referenceSeminar(date, { slug: DEMO_SLUG, closesOn: zonedDate(addDays(day, -11), TZ), published: true });
}

/** The original 2019 edition: past, registration closed 1 November 2019. */
export function pastDemo(): EventDraft {
  return referenceSeminar('2019-11-12', { slug: DEMO_PAST_SLUG, closesOn: '2019-11-01', published: true });
}
