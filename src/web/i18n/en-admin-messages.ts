// English texts of the back office: messages, reminders, thank-you, evaluation, change notices
// and cancelling an event (see ./nb-admin-messages.ts).
import type { nbAdminMessages } from './nb-admin-messages.ts';
import type { Widen } from './types.ts';

const people = (n: number) => (n === 1 ? '1 person' : `${n} people`);

export const enAdminMessages = {
  title: 'Messages',
  intro:
    'Send e-mail to the participants. Messages go only to those with a working e-mail address of their own, and each person gets the message once.',
  writeTitle: 'Write a message',
  segment: 'Who should get the message?',
  segments: {
    confirmed: 'All registered participants',
    session: (session: string) => `Registered for ${session}`,
    noSession: 'Registered for the shared programme only',
    waitlisted: 'Everyone on the waiting list',
    attended: 'Everyone who came (checked in)',
    not_attended: 'Registered participants who did not come (not checked in)',
    active: 'All registered participants and everyone on the waiting list',
  },
  subject: 'Subject',
  body: 'Text',
  bodyHint:
    'Plain text; an empty line starts a new paragraph. Placeholders: {name} (the name), {session} (the session), {link} (the personal link to the registration) and {event} (the name of the event).',
  placeholderUnknown: (names: string) =>
    `Unknown placeholder: ${names}. You can use {name}, {session}, {link} and {event}.`,
  placeholderUnbalanced: (parts: string) =>
    `The curly bracket in ${parts} is not closed or opened. Write the placeholders like this: {name}, {session}, {link}, {event}.`,
  tooLong: (max: number) => `The text can be at most ${max} characters.`,
  preview: 'Preview',
  sendTest: 'Send a test to me',
  send: 'Send the message',
  previewTitle: 'Preview',
  previewCount: (n: number) =>
    n === 0
      ? 'The message reaches nobody in this group.'
      : n === 1
        ? 'The message goes to 1 person.'
        : `The message goes to ${n} people.`,
  previewSkipped: (noAddress: number, bounced: number) =>
    `Without an e-mail address of their own: ${noAddress}. With an address that does not work: ${bounced}. These do not get the message.`,
  previewAs: (name: string, email: string) => `This is how ${name} (${email}) gets the e-mail:`,
  previewLinkNote: 'The link in the preview is an example; each recipient gets their own personal link.',
  previewSubject: 'Subject:',
  sent: (n: number) => `The message has been sent to ${people(n)}.`,
  testSent: (email: string) => `A test has been sent to ${email}.`,
  sentList: 'Sent messages',
  sentListEmpty: 'No messages have been sent yet.',
  colWhen: 'Sent',
  colKind: 'Type',
  colSegment: 'To',
  colSubject: 'Subject',
  colRecipients: 'Recipients',
  colBy: 'Sent by',
  automatic: 'automatic',
  kinds: {
    manual: 'Message',
    reminder: 'Reminder',
    thanks: 'Thanks and evaluation',
    change: 'Change notice',
    cancellation: 'Cancellation',
  } as Record<string, string>,
  autoTitle: 'Reminder and thanks',
  reminderDays: 'Reminder, number of days before',
  reminderDaysHint: 'The reminder contains the programme and the personal link. 0 means no reminder.',
  autoPromoteDays: 'The waiting list moves up automatically until this many days before',
  autoPromoteDaysHint:
    'After that, a free place is offered to the next person on the waiting list, who must accept by the deadline below. From the start of the event, free places are kept for people on the waiting list who turn up. 0 means automatic moving up right until the start.',
  offerHours: 'Deadline for answering an offer of a place (hours)',
  offerHoursHint:
    'If the person offered the place does not answer by the deadline, the place moves on. From 1 to 168 hours.',
  saveSettings: 'Save',
  settingsSaved: 'The setting has been saved.',
  reminderSent: (date: string) => `The reminder was sent ${date}.`,
  reminderPlanned: (date: string) => `The reminder will be sent automatically ${date}.`,
  reminderOff: 'No reminder will be sent.',
  reminderPast: 'The event has begun; the reminder was not sent.',
  thanksSent: (date: string) => `The thank-you message with a link to the evaluation was sent ${date}.`,
  thanksPlanned:
    'When the event is over, everyone who came (or everyone registered, if nobody was checked in) gets a thank-you with a link to a short evaluation.',
  sendThanks: 'Send the thank-you message now',
  thanksDone: (n: number) => `The thank-you message has been sent to ${people(n)}.`,
  thanksAlready: 'The thank-you message has already been sent.',
  evaluationLink: 'See the answers to the evaluation',
  changeTitle: 'Change notice',
  changeIntro:
    'Has the time, venue or programme changed? Send a message to everyone registered and everyone on the waiting list, with an updated calendar entry that replaces the old one.',
  changeSubjectDefault: 'Change: {event}',
  sendChange: 'Send change notice',
  changeSent: (n: number) => `The change notice has been sent to ${people(n)}.`,
  cancelTitle: 'Cancel the event',
  cancelIntro:
    'Registration is closed, the event page shows that the event is cancelled, and everyone registered and everyone on the waiting list gets your message and a calendar entry that removes the appointment. This cannot be undone here.',
  cancelSubjectDefault: 'Cancelled: {event}',
  cancelConfirm: 'Yes, I want to cancel the event and send the message',
  cancelSubmit: 'Cancel the event',
  cancelledDone: (n: number) => `The event has been cancelled. The message has been sent to ${people(n)}.`,
  cancelledNotice: (date: string) => `The event was cancelled ${date}.`,
  alreadyCancelled: 'The event has already been cancelled.',
  changeHint: 'Have you changed the time, venue or programme? Remember to send a change notice under “Messages”.',
  evaluationTitle: 'Evaluation',
  evaluationAnswers: (n: number) => (n === 1 ? '1 answer.' : `${n} answers.`),
  evaluationNone: 'Nobody has answered yet.',
  evaluationCaption: 'Rating per part of the programme (1 = very poor, 5 = very good)',
  colPart: 'Part',
  colCount: 'Number of answers',
  colAverage: 'Average',
  colRating: (n: number) => `Number of ${n}s`,
  noAverage: '–',
  comments: 'Comments',
  commentsNone: 'No comments.',
  backToMessages: 'Back to messages',
  mailsTitle: 'E-mail to this person',
  mailsEmpty: 'No e-mail has been sent to this person.',
  mailsCaption: 'E-mail sent to the person, newest first',
  colMailSubject: 'Subject',
  colMailKind: 'Type',
  colMailStatus: 'Status',
  colMailCreated: 'Written',
  colMailSent: 'Delivered',
  mailStatus: { pending: 'Waiting', sent: 'Sent', failed: 'Failed' } as Record<string, string>,
  mailKinds: {
    'registration.confirmation': 'Confirmation',
    'booking.others': 'Confirmation (registered others)',
    'registration.promoted': 'Got a place',
    'registration.link_requested': 'Personal link',
    'registration.changed': 'Registration changed',
    'registration.cancelled': 'Cancellation',
    'message.manual': 'Message',
    'message.reminder': 'Reminder',
    'message.thanks': 'Thanks and evaluation',
    'message.change': 'Change notice',
    'message.cancellation': 'Event cancelled',
    'message.test': 'Test',
  } as Record<string, string>,
  bounced: (date: string, reason: string) =>
    `The e-mail address does not work (rejected ${date})${reason ? `: ${reason}` : ''}. The person gets no more messages until the address is corrected.`,
} satisfies Widen<typeof nbAdminMessages>;
