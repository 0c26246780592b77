// The parser's dictionaries and text rules one by one: roles (nb, nn, en), sessions, quotes,
// forwards, signatures, names, HTML and charsets.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { draftsFrom } from './drafts.ts';
import { activeContentIn, htmlToText } from './html-text.ts';
import { isFullName, looksLikeName, splitMessage, splitSignature } from './mail-text.ts';
import { readMessage } from './mime.ts';
import { intakeEventFrom, parseMail } from './parse-mail.ts';
import { personalName, readForm } from './people.ts';
import { findRoleMentions, mentionsMunicipality } from './roles.ts';
import { chooseSession, findSessionMentions, sessionAliases } from './sessions.ts';

const event = intakeEventFrom({
  slug: 'samskaping-levanger',
  title: 'Samskaping av fellesskapsverdier i kommunen',
  registrationClosesAt: new Date('2026-11-20T22:59:00Z'),
  allowNoSession: true,
  contactEmail: 'pamelding@example.no',
  sessions: [
    {
      code: '2A',
      title: 'Møteplass samskaping – la oss gjøre det sammen!',
      description: 'Deltakere jobber sammen ved blandede bord om lokale floker, i en fasilitert prosess.',
    },
    {
      code: '2B',
      title: '«Samfunnsnytte/impact» og «innovasjonsgrad» i forskningssøknader',
      description: 'Forelesning og workshop om to vurderingskriterier.',
    },
  ],
});

function roles(text: string): string[] {
  return findRoleMentions(text)
    .filter((m) => !m.negated && !m.plural && !m.definite && !m.titleOfName)
    .map((m) => m.role);
}

function session(text: string): string | null {
  return chooseSession(findSessionMentions(text, event.sessions, { eventTitle: event.title }), event).session;
}

describe('role dictionary', () => {
  const cases: [string, string][] = [
    ['Jeg er ordfører i Frosta', 'politician'],
    ['Eg er varaordførar i Inderøy', 'politician'],
    ['Eg sit i kommunestyret i Grong', 'politician'],
    ['Jeg er gruppeleder for Sp i kommunestyret', 'politician'],
    ['I am a city councillor in Trondheim', 'politician'],
    ['Jeg er stipendiat ved NTNU', 'researcher'],
    ['Eg er forskar ved HVL', 'researcher'],
    ['I am a PhD candidate', 'researcher'],
    ['Jeg er førsteamanuensis', 'researcher'],
    ['Jeg er kommuneansatt', 'municipal_employee'],
    ['Jeg er kommunalsjef for helse', 'municipal_employee'],
    ['Eg er innbyggjar', 'citizen'],
    ['Jeg kommer privat', 'citizen'],
    ['Jeg er frivillig i Røde Kors', 'volunteer'],
    ['Jeg er daglig leder i Vold AS', 'business'],
    ['Eg er dagleg leiar i Hovde AS', 'business'],
    ['Jeg er masterstudent', 'other'],
  ];
  for (const [text, role] of cases) test(`"${text}" → ${role}`, () => assert.deepEqual(roles(text), [role]));

  test('the definite form names someone else, the plural a group', () => {
    const [definite] = findRoleMentions('Videresender fra ordføreren vår');
    assert.equal(definite?.definite, true);
    const [plural] = findRoleMentions('Vi er begge forskere');
    assert.equal(plural?.plural, true);
    assert.deepEqual(
      findRoleMentions('Konsulent, ordførerens kontor').filter((m) => m.role === 'politician'),
      [],
    );
  });

  test('"som X" is explicit, "ikke X" negated, a title before a name belongs to that name', () => {
    assert.equal(findRoleMentions('Jeg kommer som innbygger')[0]?.explicit, true);
    assert.equal(findRoleMentions('Jeg er ikke forsker')[0]?.negated, true);
    assert.equal(findRoleMentions('Jeg er tidligere ordfører')[0]?.negated, true);
    assert.equal(findRoleMentions('Jeg er gift med en forsker')[0]?.negated, true);
    assert.equal(findRoleMentions('i egenskap av kommunedirektør')[0]?.negated, false);
    assert.equal(findRoleMentions('på vegne av ordfører Anders Vikan i Namsos')[0]?.titleOfName, 'Anders Vikan');
    assert.equal(findRoleMentions('stipendiat Nord universitet')[0]?.titleOfName, null);
  });

  test('a job title means municipal employee only in a municipality, not a county', () => {
    const [mention] = findRoleMentions('Jeg er rådgjevar i kultur');
    assert.equal(mention?.role, 'municipal_employee');
    assert.ok(mentionsMunicipality('rådgiver i Verdal kommune'));
    assert.ok(!mentionsMunicipality('seniorrådgjevar i Trøndelag fylkeskommune'));
  });
});

describe('sessions', () => {
  const cases: [string, string | null][] = [
    ['Jeg vil være med på 2A', '2A'],
    ['Etter lunsj blir jeg med på 2 a', '2A'],
    ['DEL 2B', '2B'],
    ['Setter meg opp på sesjon A', '2A'],
    ['Jeg velger møteplassen', '2A'],
    ['Jeg vil på workshopen om forskningssøknader', '2B'],
    ['Eg vil vere med på verkstaden om forskingssøknader', '2B'],
    ['Meld meg på samskaping-verkstedet', '2A'],
    ['vil delta på forskingsverkstaden', '2B'],
    ['I would like to join the co-creation meeting place', '2A'],
    ['the workshop on research applications', '2B'],
    ['Jeg tar den første av de to sesjonene', '2A'],
    ['Jeg tar den siste av de to sesjonene', '2B'],
    ['Jeg blir bare med på formiddagen', 'none'],
    ['Eg blir berre med på fellesdelen', 'none'],
    ['I can only attend the morning programme', 'none'],
    ['Jeg vil gjerne på møteplassen, ikke forskningsworkshopen', '2A'],
    ['Jeg blir ikke med på møteplassen, men vil gjerne være med på workshopen', '2B'],
    ['Jeg melder meg på samskapingsseminaret', null],
    ['Jeg vil på 2A eller 2B', null],
    ['Har ikke bestemt meg for 2A', null],
    ['Melder meg på hele dagen', null],
    ['Det var interessant lesning', null],
    ['Meld meg på den andre sesjonen', null],
  ];
  for (const [text, code] of cases) test(`"${text}" → ${code}`, () => assert.equal(session(text), code));

  test('only-the-morning is no choice when the event needs one', () => {
    const mentions = findSessionMentions('bare formiddagen', event.sessions, { eventTitle: event.title });
    assert.equal(chooseSession(mentions, { allowNoSession: false }).session, null);
  });

  test('a change asks for the session after "til"', () => {
    const mentions = findSessionMentions(
      'Jeg er påmeldt møteplassen, men kan jeg bytte til workshopen?',
      event.sessions,
      {
        eventTitle: event.title,
      },
    );
    assert.equal(chooseSession(mentions, { allowNoSession: true, change: true }).session, '2B');
  });

  test('a one-letter or number code counts only with a session word', () => {
    const sessions = [
      { code: 'A', title: 'Kafé' },
      { code: 'B', title: 'Verksted' },
    ];
    const pick = (text: string) =>
      chooseSession(findSessionMentions(text, sessions, { eventTitle: 'Fagdag' }), { allowNoSession: true }).session;
    assert.equal(pick('I am a researcher and would like a seat'), null);
    assert.equal(pick('Jeg vil på sesjon B'), 'B');
  });

  test('aliases come from words only one session uses', () => {
    const aliases = sessionAliases([
      { code: 'A', title: 'Kafé', description: 'Dialog ved bordene' },
      { code: 'B', title: 'Verksted', description: 'Workshop med dialog' },
    ]);
    assert.ok(aliases[0]!.includes('kafé') && !aliases[0]!.includes('dialog'));
    assert.ok(aliases[1]!.includes('workshop'));
  });
});

describe('text structure', () => {
  test('a Gmail reply keeps the new text and drops the quote', () => {
    const parts = splitMessage(
      'Eg vil vere med på 2B.\n\nNils Olav\n\nfre. 30. okt. 2026 kl. 14:02 skreiv Påmelding <pamelding@example.no>:\n> Oppgi 2A eller 2B\n> politiker, forsker',
    );
    assert.equal(parts.body, 'Eg vil vere med på 2B.');
    assert.deepEqual(parts.signature, ['Nils Olav']);
    assert.match(parts.quoted, /Oppgi 2A eller 2B/);
  });

  test('an Outlook reply header starts the quote', () => {
    const parts = splitMessage(
      'Hei, jeg kan dessverre ikke komme.\n\nMarit\n\nFra: Påmelding <pamelding@example.no>\nSendt: onsdag 4. november 2026 09:13\nTil: Haugen, Marit <marit@example.no>\nEmne: Påmeldt\n\nEtter lunsj: 2A',
      'SV: Påmeldt',
    );
    assert.equal(parts.body, 'Hei, jeg kan dessverre ikke komme.');
    assert.equal(parts.forwarded.length, 0);
    assert.match(parts.quoted, /Etter lunsj: 2A/);
  });

  test('a forwarded message is kept apart with its sender', () => {
    const parts = splitMessage(
      'Videresender fra ordføreren.\n\nTrine\n\n---------- Videresendt melding ---------\nFra: Solveig Grande <solveig@example.no>\nDato: man. 2. nov. 2026\nEmne: Seminar\nTil: Trine <trine@example.no>\n\nKan du melde meg på 2A?\n\nSolveig',
      'VS: Seminar',
    );
    assert.equal(parts.forwarded[0]?.from?.email, 'solveig@example.no');
    assert.equal(parts.forwarded[0]?.from?.name, 'Solveig Grande');
    assert.match(parts.forwarded[0]!.text, /Kan du melde meg på 2A\?/);
    assert.doesNotMatch(parts.body, /2A/);
  });

  test('signatures: closings, names on the closing line, phone footers and disclaimers', () => {
    assert.deepEqual(splitSignature('Meld meg på 2A.\n\nHilsen Randi Hoel').signature, ['Randi Hoel']);
    assert.deepEqual(
      splitSignature('Meld meg på 2A.\n\nMed vennlig hilsen\nKari Holm\nRådgiver | Levanger kommune').signature,
      ['Kari Holm', 'Rådgiver', 'Levanger kommune'],
    );
    assert.deepEqual(splitSignature('2b. forsker\nmvh jon eirik\n\nSendt fra min iPhone').signature, ['jon eirik']);
    const disclaimer = splitSignature(
      'Jeg kommer.\n\nMagnus\n\nDenne e-posten kan inneholde konfidensiell informasjon og er kun ment for mottakeren. Har du mottatt den ved en feil, ber vi deg varsle avsenderen.',
    );
    assert.deepEqual(disclaimer.signature, ['Magnus']);
    assert.deepEqual(splitSignature('Jeg vil delta på 2B.\nMats').signature, ['Mats']);
    assert.equal(
      splitSignature('Takk for invitasjonen, jeg kommer gjerne på 2A.').body,
      'Takk for invitasjonen, jeg kommer gjerne på 2A.',
    );
  });

  test('names: "Last, First" turned round; titles, offices and companies are no names', () => {
    assert.equal(personalName('Haugen, Marit'), 'Marit Haugen');
    assert.equal(personalName('Ordførar Snåsa kommune'), null);
    assert.equal(personalName('Inderøy kommune – Postmottak'), null);
    assert.equal(personalName('Hegre Regnskap AS'), null);
    assert.equal(personalName('Risten Ánne Nilut'), 'Risten Ánne Nilut');
    assert.ok(isFullName('Jon Arne Kvam') && !isFullName('Gunvor'));
    assert.ok(looksLikeName('Åse Marie Hegre') && !looksLikeName('Levanger kommune'));
  });

  test('a web form relayed by mail is read field by field', () => {
    const form = readForm(
      'Navn: Øystein Lervik\nE-post: oystein@example.com\nJeg kommer som: Næringslivsaktør\nEtter lunsj: 2A',
    );
    assert.equal(form?.name, 'Øystein Lervik');
    assert.equal(form?.role, 'Næringslivsaktør');
  });
});

describe('HTML and charsets', () => {
  test('HTML becomes text without scripts, styles or frames; entities decoded; blockquotes quoted', () => {
    const html =
      '<html><head><style>p{}</style><script>alert(1)</script></head><body onload="x()"><p>P&aring; 2A &ndash; ja</p><iframe src="x"></iframe><blockquote>gammel tekst</blockquote></body></html>';
    const text = htmlToText(html);
    assert.equal(text, 'På 2A – ja\n\n> gammel tekst');
    assert.deepEqual(activeContentIn(html), ['script', 'event handler', 'frame or object']);
  });

  test('a body in an unknown 8-bit charset is read as windows-1252', async () => {
    const raw = Buffer.concat([
      Buffer.from(
        'From: Ivar <ivar@example.no>\r\nSubject: 2A\r\nContent-Type: text/plain; charset=unknown-8bit\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
      ),
      Buffer.from('Jeg er ordf\xf8rer og vil v\xe6re med p\xe5 2A \x96 takk.\r\n', 'latin1'),
    ]);
    const mail = await readMessage(raw);
    assert.equal(mail.text, 'Jeg er ordfører og vil være med på 2A – takk.');
    assert.deepEqual(mail.problems, []);
  });

  test('broken MIME is noticed and still read', async () => {
    const raw = Buffer.from(
      'From: Sverre <s@example.com>\r\nX-Broken header\r\nContent-Type: multipart/mixed; boundary="a"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nJeg melder meg på 2A.\r\n',
    );
    const mail = await readMessage(raw);
    assert.match(mail.text, /Jeg melder meg på 2A/);
    assert.ok(mail.problems.length >= 2, mail.problems.join('; '));
  });
});

describe('precision guards: doubt goes to review', () => {
  const mail = (body: string, options: { from?: string; date?: string; subject?: string } = {}) =>
    parseMail(
      Buffer.from(
        `From: ${options.from ?? 'Ola Nordmann <ola@example.com>'}\r\nTo: pamelding@example.no\r\nSubject: ${options.subject ?? 'Seminar'}\r\nDate: ${options.date ?? 'Tue, 10 Nov 2026 10:00:00 +0100'}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`,
      ),
      event,
    );

  test('a plain, complete sign-up is accepted', async () => {
    const parsed = await mail('Hei, jeg er forsker og vil være med på 2A.\n\nHilsen Ola Nordmann');
    assert.equal(parsed.decision, 'accept');
    assert.deepEqual(
      parsed.people.map((p) => [p.name, p.email, p.role, p.session]),
      [['Ola Nordmann', 'ola@example.com', 'researcher', '2A']],
    );
  });

  const doubtful: [string, string, Parameters<typeof mail>[1]?][] = [
    ['colleagues announced but not named', 'Jeg er forsker og kommer sammen med to kolleger på 2A.\n\nOla Nordmann'],
    ['"vi" sign up, one named', 'Vi melder oss på 2A. Jeg er forsker.\n\nOla Nordmann'],
    ['a question', 'Jeg er forsker og vil på 2A. Blir det servert lunsj?\n\nOla Nordmann'],
    ['tentative', 'Jeg er forsker og kommer kanskje på 2A.\n\nOla Nordmann'],
    ['two sessions', 'Jeg er forsker og vil på 2A eller 2B.\n\nOla Nordmann'],
    ['a role outside a municipality', 'Jeg er rådgiver og vil på 2A.\n\nOla Nordmann'],
    ['a signature naming someone else', 'Jeg er forsker og vil på 2A.\n\nHilsen\nKari Hansen'],
    ['after the deadline', 'Jeg er forsker og vil på 2A.\n\nOla Nordmann', { date: 'Sat, 21 Nov 2026 00:05:00 +0100' }],
    ['a first name only', 'Jeg er forsker og vil på 2A.\n\nOla', { from: 'ola@example.com' }],
  ];
  for (const [what, body, options] of doubtful) {
    test(`${what} → review`, async () => {
      const parsed = await mail(body, options);
      assert.equal(parsed.kind, 'registration');
      assert.equal(parsed.decision, 'review', parsed.reasons.join(' | '));
    });
  }

  test('not coming to one session is no cancellation', async () => {
    const parsed = await mail(
      'Jeg kan dessverre ikke være med på 2A, men vil gjerne på 2B. Jeg er forsker.\n\nOla Nordmann',
    );
    assert.equal(parsed.kind, 'registration');
    assert.equal(parsed.people[0]?.session, '2B');
  });

  test('a cancellation that says someone else on the address still comes goes to review', async () => {
    const parsed = await mail('Jeg må dessverre melde meg av. Mannen min Per kommer likevel.\n\nKari', {
      from: 'Kari Nordmann <kari@example.com>',
    });
    assert.equal(parsed.kind, 'cancellation');
    assert.equal(parsed.decision, 'review');
  });

  test('a plain own cancellation is accepted', async () => {
    const parsed = await mail('Jeg må dessverre melde meg av seminaret.\n\nOla', { subject: 'Avmelding' });
    assert.equal(parsed.kind, 'cancellation');
    assert.equal(parsed.decision, 'accept');
    assert.deepEqual(
      parsed.people.map((p) => [p.name, p.email]),
      [['Ola Nordmann', 'ola@example.com']],
    );
  });

  test('"rakk jeg det?" before the deadline is no question for a person', async () => {
    const parsed = await mail('Hei, rakk jeg det? Jeg er forsker og vil på 2B.\n\nOla Nordmann', {
      date: 'Fri, 20 Nov 2026 23:41:00 +0100',
    });
    assert.equal(parsed.decision, 'accept', parsed.reasons.join(' | '));
    const late = await mail('Hei, rakk jeg det? Jeg er forsker og vil på 2B.\n\nOla Nordmann', {
      date: 'Sat, 21 Nov 2026 00:10:00 +0100',
    });
    assert.equal(late.decision, 'review');
  });

  test('a thank-you for the confirmation is ignored; thanks with a problem is not', async () => {
    const thanks = await mail('Takk for rask bekreftelse! Gler meg.\n\nOla', { subject: 'Re: Påmeldt' });
    assert.equal(thanks.kind, 'other');
    assert.equal(thanks.decision, 'ignore');
    for (const body of [
      'Takk for bekreftelsen, men navnet mitt er feilstavet.\n\nOla',
      'Takk! Blir det servert lunsj?\n\nOla',
      'Takk for bekreftelsen. Kollegaen min har ikke fått noen.\n\nOla',
    ]) {
      const parsed = await mail(body, { subject: 'Re: Påmeldt' });
      assert.notEqual(parsed.decision, 'ignore', body);
    }
  });

  test('the sender cancelling themselves and the other on their address is accepted', async () => {
    const parsed = await mail('Vi må dessverre melde oss av begge to, både jeg og Kari Nordmann.\n\nOla Nordmann');
    assert.equal(parsed.kind, 'cancellation');
    assert.equal(parsed.decision, 'accept', parsed.reasons.join(' | '));
    assert.deepEqual(
      parsed.people.map((p) => [p.name, p.email]),
      [
        ['Ola Nordmann', 'ola@example.com'],
        ['Kari Nordmann', 'ola@example.com'],
      ],
    );
  });

  test("a clear change of the sender's own session, role or need is accepted", async () => {
    const cases: [string, [string | null, string | null, boolean]][] = [
      ['Jeg er påmeldt 2A, men vil gjerne bytte til 2B.\n\nOla Nordmann', ['2B', null, false]],
      ['Eg er påmeld møteplassen, men vil heller byte til workshopen.\n\nOla Nordmann', ['2B', null, false]],
      ['Jeg er påmeldt, men kan jeg bytte til møteplassen?\n\nOla Nordmann', ['2A', null, false]],
      ['Eg droppar 2A og kjem berre på fellesdelen.\n\nOla Nordmann', ['none', null, false]],
      ['Glemte å skrive at jeg er vegetarianer.\n\nOla Nordmann', [null, null, true]],
      [
        'Jeg meldte meg på som innbygger, men kommer egentlig som ordfører.\n\nOla Nordmann',
        [null, 'politician', false],
      ],
    ];
    for (const [body, [sessionCode, role, needs]] of cases) {
      const parsed = await mail(body);
      assert.equal(parsed.kind, 'change', body);
      assert.equal(parsed.decision, 'accept', `${body}: ${parsed.reasons.join(' | ')}`);
      const person = parsed.people[0]!;
      assert.deepEqual(
        [person.email, person.session, person.role, person.needs !== null],
        ['ola@example.com', sessionCode, role, needs],
      );
    }
  });

  const doubtfulChanges: [string, string][] = [
    ["a colleague's change", 'Kollegaen min er påmeldt 2A, men vil bytte til 2B.\n\nOla Nordmann'],
    ['"vi" change', 'Vi er påmeldt 2A, men vil heller bytte til 2B.\n\nOla Nordmann'],
    [
      'a change with another question',
      'Jeg er påmeldt 2A, men vil bytte til 2B. Er det parkering ved campus?\n\nOla Nordmann',
    ],
    [
      'two changes at once',
      'Jeg er påmeldt 2A, men vil bytte til 2B. Glemte å skrive at jeg er vegetarianer.\n\nOla Nordmann',
    ],
    ['a change without what to change', 'Jeg er påmeldt, men må endre noe.\n\nOla Nordmann'],
    ['a tentative change', 'Jeg er påmeldt 2A, men vil kanskje bytte til 2B.\n\nOla Nordmann'],
    ['a substitute', 'Jeg er påmeldt 2A, men Kari Hansen (kari@example.org) tar plassen min.\n\nOla Nordmann'],
  ];
  for (const [what, body] of doubtfulChanges) {
    test(`${what} → review`, async () => {
      const parsed = await mail(body);
      assert.equal(parsed.kind, 'change', `${what}: ${parsed.kind}`);
      assert.equal(parsed.decision, 'review', parsed.reasons.join(' | '));
    });
  }

  test('a companion named only by given names ("Per Olav") goes to review', async () => {
    const parsed = await mail(
      'Mannen min, Per Olav, og jeg vil gjerne komme. Vi kommer begge som innbyggere og vil være med på 2A.\n\nHilsen Kari Nordmann',
      { from: 'Kari Nordmann <kari@example.com>' },
    );
    assert.equal(parsed.kind, 'registration');
    assert.equal(parsed.decision, 'review', parsed.reasons.join(' | '));
    assert.ok(parsed.reasons.some((r) => r.includes('only a first name')));
  });

  test('the address given for the person booked ("hennes e-postadresse er …") is theirs, not the booker’s', async () => {
    const parsed = await mail(
      'På vegne av ordfører Anne Grande melder jeg henne på. Hun kommer som politiker og vil delta på 2A.\n\nHennes e-postadresse er anne.grande@example.org.\n\nMed hilsen\nOla Nordmann',
    );
    assert.deepEqual(
      parsed.people.map((p) => [p.name, p.email, p.role, p.session]),
      [['Anne Grande', 'anne.grande@example.org', 'politician', '2A']],
    );
  });

  test('a cancellation or change that names another address of the sender goes to review', async () => {
    const cancel = await mail(
      'Jeg må dessverre melde meg av. Jeg meldte meg på fra jobbmailen (ola.nordmann@kommune.example.no).\n\nOla Nordmann',
    );
    assert.equal(cancel.kind, 'cancellation');
    assert.equal(cancel.decision, 'review', cancel.reasons.join(' | '));
    const change = await mail(
      'Jeg er påmeldt 2A med ola.nordmann@kommune.example.no, men vil bytte til 2B.\n\nOla Nordmann',
    );
    assert.equal(change.kind, 'change');
    assert.equal(change.decision, 'review', change.reasons.join(' | '));
  });

  test('"til 2A i stedet for 2B" asks for 2A; a remark about "vi" is no change for others', async () => {
    const parsed = await mail(
      'Jeg vil gjerne bytte til 2A i stedet for 2B. Vi har akkurat sendt søknaden, så møteplassen passer bedre nå.\n\nOla Nordmann',
      { subject: 'Re: Påmeldt: Samskaping av fellesskapsverdier i kommunen' },
    );
    assert.equal(parsed.kind, 'change');
    assert.equal(parsed.decision, 'accept', parsed.reasons.join(' | '));
    assert.equal(parsed.people[0]?.session, '2A');
  });

  test('an own cancellation that says a colleague will still attend is accepted; the household still goes to review', async () => {
    const colleague = await mail(
      'Unfortunately I have to cancel my registration. My colleague Kari Hansen will still attend.\n\nOla Nordmann',
    );
    assert.equal(colleague.kind, 'cancellation');
    assert.equal(colleague.decision, 'accept', colleague.reasons.join(' | '));
    const household = await mail('Jeg må dessverre melde meg av. Mannen min Per kommer likevel.\n\nOla Nordmann');
    assert.equal(household.decision, 'review');
  });

  test('"Dr." before a name is no sentence end and no part of the name', async () => {
    const parsed = await mail(
      'My colleague Dr. Kari Hansen (kari.hansen@example.org) and I would both like to register. We are both researchers and would like to attend 2B.\n\nOla Nordmann',
    );
    assert.deepEqual(
      parsed.people.map((p) => [p.name, p.email]),
      [
        ['Ola Nordmann', 'ola@example.com'],
        ['Kari Hansen', 'kari.hansen@example.org'],
      ],
    );
    assert.equal(parsed.decision, 'accept', parsed.reasons.join(' | '));
  });

  test('"melde avbud" cancels; a phishing mail mentioning "påmeldinger" is no sign-up', async () => {
    const avbud = await mail('Jeg må dessverre melde avbud til seminaret.\n\nOla Nordmann');
    assert.equal(avbud.kind, 'cancellation');
    const phishing = await mail(
      'Postkassen din er full. Innkommende e-post, inkludert påmeldinger, vil bli avvist. Bekreft kontoen din her.\n\nIT-brukerstøtte',
    );
    assert.equal(phishing.kind, 'other');
  });

  test('each person with a role outside the list keeps their own words for it', async () => {
    const parsed = await mail(
      'Hei! Vi melder på to personer til 2A:\n\n- Kari Hansen (kari.hansen@example.org), masterstudent\n- Per Olsen (per.olsen@example.org), journalist\n\nHilsen Kari Hansen',
      { from: 'Kari Hansen <kari.hansen@example.org>' },
    );
    assert.deepEqual(
      draftsFrom(parsed).map((d) => [d.name, d.role, d.roleOther]),
      [
        ['Kari Hansen', 'other', 'masterstudent'],
        ['Per Olsen', 'other', 'journalist'],
      ],
    );
  });
});
