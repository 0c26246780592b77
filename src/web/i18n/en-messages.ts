// English texts that registrants read about messages (see ./nb-messages.ts).
import type { nbMessaging } from './nb-messages.ts';
import type { Widen } from './types.ts';

export const enMessaging = {
  mail: {
    testSubject: (subject: string) => `[TEST] ${subject}`,
    testNote:
      'This is a test that only you have received. Name, session and link are examples; each recipient gets their own.',
    sampleToken: 'example-personal-link',
    reminderSubject: (event: string, date: string) => `Reminder: ${event} ${date}`,
    reminderIntro: (event: string, date: string) =>
      `Welcome to ${event} ${date}! Here is the programme and the link to your registration.`,
    programme: 'Programme:',
    yourSession: (session: string) => `Your session: ${session}`,
    noSession: 'You are taking part in the shared programme only.',
    reminderCancelNote:
      'Cannot come after all? Cancel with the link so that someone on the waiting list gets your place.',
    thanksSubject: (event: string) => `Thank you for coming: ${event}`,
    thanksIntro: (event: string) => `Thank you for taking part in ${event}!`,
    thanksAsk:
      'We would love to hear what you thought. The evaluation takes a couple of minutes, and your answers help us make the next event better.',
    evaluationLabel: 'Answer the evaluation:',
    evaluationButton: 'Answer the evaluation',
    changeFacts: 'This is how it is now:',
    changeCalendar:
      'The updated calendar entry is attached. When you open it, the appointment in your calendar is updated.',
    cancelCalendar: 'The attachment removes the appointment from your calendar when you open it.',
    linkLabel: 'Your registration:',
  },
  evaluation: {
    title: (event: string) => `Evaluation: ${event}`,
    intro: (name: string) =>
      `Hello ${name}! Please rate each part of the programme and write whatever you like. Everything is optional.`,
    scale: 'From 1 (very poor) to 5 (very good).',
    ratingLegend: (part: string) => `What did you think of ${part}?`,
    noRating: 'Prefer not to answer',
    ratingLabels: ['1 – very poor', '2 – poor', '3 – average', '4 – good', '5 – very good'],
    comment: 'What would you like to tell the organiser?',
    commentHint: 'What was good, and what could be better?',
    submit: 'Send answer',
    saved: 'Thank you for your answer! You can change it here as long as you like.',
    savedBefore: (date: string) => `You answered ${date}. If you send again, the previous answer is replaced.`,
    notYetTitle: 'The evaluation has not opened yet',
    notYet: 'The evaluation opens when the event begins.',
    cancelledTitle: 'The registration has been cancelled',
    cancelled: 'The evaluation is for those who were registered.',
    commentTooLong: (max: number) => `The text can be at most ${max} characters.`,
  },
  cancelledEvent: {
    badge: 'Cancelled',
    notice: 'The event has been cancelled.',
    noticeText: 'Registration is closed. If you have questions, contact the organiser.',
  },
} satisfies Widen<typeof nbMessaging>;
