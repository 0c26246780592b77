// English texts of the privacy pages for registrants (see ./nb-privacy.ts).
import type { nbPrivacy } from './nb-privacy.ts';
import type { Widen } from './types.ts';

export const enPrivacy = {
  noticeTitle: (org: string) => `Privacy notice of ${org}`,
  version: (version: number, date: string) => `Version ${version}, in force from ${date}.`,
  controller: 'Controller',
  contact: 'Privacy contact',
  purpose: 'What the data is used for',
  lawfulBasis: 'Lawful basis',
  retention: 'How long the data is kept',
  retentionDays: (days: number) =>
    `Registrations are anonymised automatically ${days} days after the event. The number of participants per role and session is kept without names.`,
  processors: 'Processors',
  collectedTitle: 'What we store',
  collected:
    'Name, e-mail address, organisation, role, chosen session and answers to any questions on the sign-up form. Accessibility needs are stored only with your consent, and are deleted first. Your name appears on the public participant list only if you ticked the box for it and the organiser shows the list.',
  rightsTitle: 'Your rights',
  rights:
    'From the personal link in your confirmation you can see and change your registration, download all the data we hold about you, and delete your registration. You can also ask the organiser for access, correction or erasure, and you can complain to the Norwegian Data Protection Authority (Datatilsynet).',
  noNotice: (org: string) => `${org} has not written its own privacy notice yet. The general privacy notice applies.`,
  generalLink: 'The general privacy notice',
  eventPrivacyLink: 'Privacy for this event',
  participantsTitle: 'Participants',
  participantsIntro: 'Registrants who chose to appear on the public participant list.',
  participantsNone: 'Nobody on the participant list yet.',
  participantsCount: (n: number) => (n === 1 ? '1 person on the list' : `${n} people on the list`),
  dataTitle: 'Your data',
  dataIntro:
    'You can download everything we hold about this registration as a file (JSON), or delete the registration for good.',
  download: 'Download my data (JSON)',
  deleteLink: 'Delete my registration',
  deleteTitle: 'Delete the registration?',
  deleteText: (event: string) =>
    `The registration for ${event} will be deleted for good: name, e-mail address, organisation, needs and answers are removed, your place goes to the next person on the waiting list, and the link you used just now stops working. This cannot be undone.`,
  deleteCompanions:
    'People you signed up without an e-mail address of their own stay registered, but can no longer be changed from your link. To delete them too, open each of them and delete them first.',
  deleteConfirm: 'Yes, delete the registration',
  deleteKeep: 'No, keep the registration',
  deletedTitle: 'The registration is deleted',
  deletedText: 'The data about you has been removed from the registration. The link you used no longer works.',
  deletedCompanionText: (name: string) => `The registration of ${name} is deleted.`,
  deletedBack: 'To the event',
  organizationsTitle: 'Privacy notices of the organisers',
} satisfies Widen<typeof nbPrivacy>;
