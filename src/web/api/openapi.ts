// The API's contract, written before the routes; tests check every route's answers against it.
const error = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: {
          type: 'string',
          enum: [
            'not_found',
            'invalid',
            'registration_closed',
            'registration_not_open',
            'rate_limited',
            'payload_too_large',
            'unsupported_media_type',
            'bad_request',
            'server_error',
          ],
        },
        message: { type: 'string', description: "In the caller's language (?lang= or Accept-Language)." },
        fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'Field path → message.' },
      },
    },
  },
} as const;

const dateTime = { type: 'string', format: 'date-time', description: 'ISO 8601 with offset (Europe/Oslo).' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;

const eventSummary = {
  type: 'object',
  required: ['slug', 'title', 'summary', 'startsAt', 'endsAt', 'registrationClosesAt', 'registrationOpen', 'url'],
  additionalProperties: false,
  properties: {
    slug: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'string' },
    startsAt: dateTime,
    endsAt: dateTime,
    venue: { type: 'string' },
    registrationOpensAt: nullableDateTime,
    registrationClosesAt: dateTime,
    registrationOpen: { type: 'boolean' },
    url: { type: 'string', format: 'uri' },
  },
} as const;

const session = {
  type: 'object',
  required: ['code', 'title', 'capacity', 'seatsLeft', 'waitlistLength', 'startsAt', 'endsAt', 'facilitator'],
  additionalProperties: false,
  properties: {
    code: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    facilitator: { type: 'string' },
    startsAt: dateTime,
    endsAt: dateTime,
    capacity: { type: ['integer', 'null'], description: 'null: no limit of its own.' },
    seatsLeft: {
      type: ['integer', 'null'],
      description: 'Also bounded by the seats left in the event; null: unlimited.',
    },
    waitlistLength: { type: 'integer' },
  },
} as const;

const speaker = {
  type: 'object',
  required: ['name', 'affiliation'],
  additionalProperties: false,
  properties: { name: { type: 'string' }, affiliation: { type: 'string' } },
} as const;

const eventDetails = {
  type: 'object',
  required: [
    ...eventSummary.required,
    'venue',
    'audience',
    'isFree',
    'isOpen',
    'contactEmail',
    'capacity',
    'seatsLeft',
    'allowNoSession',
    'roles',
    'sessions',
    'programme',
    'registerUrl',
    'calendarUrl',
  ],
  additionalProperties: false,
  properties: {
    ...eventSummary.properties,
    descriptionMarkdown: { type: 'string' },
    questions: {
      type: 'array',
      description: 'Extra questions the booker answers in `answers` of a registration, keyed by id.',
      items: {
        type: 'object',
        required: ['id', 'kind', 'label', 'hint', 'options', 'required'],
        additionalProperties: false,
        properties: {
          id: { type: 'integer' },
          kind: { type: 'string', enum: ['text', 'choice', 'checkboxes'] },
          label: { type: 'string' },
          hint: { type: 'string' },
          options: { type: 'array', items: { type: 'string' }, description: 'The choices (choice, checkboxes).' },
          required: { type: 'boolean' },
        },
      },
    },
    venue: {
      type: 'object',
      required: ['name', 'room', 'address'],
      additionalProperties: false,
      properties: { name: { type: 'string' }, room: { type: 'string' }, address: { type: 'string' } },
    },
    audience: { type: 'string' },
    isFree: { type: 'boolean' },
    isOpen: { type: 'boolean' },
    contactEmail: { type: 'string' },
    capacity: { type: ['integer', 'null'] },
    seatsLeft: { type: ['integer', 'null'] },
    allowNoSession: { type: 'boolean', description: 'Whether session "none" (only the shared programme) is accepted.' },
    organisers: { type: 'array', items: { type: 'string' } },
    partners: { type: 'array', items: { type: 'string' } },
    roles: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'label', 'asksText'],
        additionalProperties: false,
        properties: { code: { type: 'string' }, label: { type: 'string' }, asksText: { type: 'boolean' } },
      },
    },
    sessions: { type: 'array', items: session },
    programme: {
      type: 'array',
      items: {
        type: 'object',
        required: ['label', 'title', 'facilitators', 'items', 'sessions'],
        additionalProperties: false,
        properties: {
          label: { type: 'string' },
          title: { type: 'string' },
          facilitators: { type: 'string' },
          sessions: {
            type: 'array',
            items: { type: 'string' },
            description: 'Codes of the parallel sessions in this part.',
          },
          items: {
            type: 'array',
            items: {
              type: 'object',
              required: ['startsAt', 'endsAt', 'title', 'kind', 'speakers', 'note'],
              additionalProperties: false,
              properties: {
                startsAt: dateTime,
                endsAt: dateTime,
                title: { type: 'string' },
                kind: { type: 'string', enum: ['talk', 'break', 'meal', 'panel', 'plenary', 'workshop'] },
                note: { type: 'string' },
                speakers: { type: 'array', items: speaker },
              },
            },
          },
        },
      },
    },
    registerUrl: { type: 'string', format: 'uri' },
    calendarUrl: { type: 'string', format: 'uri' },
  },
} as const;

const participantProperties = {
  name: { type: 'string', maxLength: 200 },
  organization: { type: 'string', maxLength: 200 },
  role: { type: 'string', maxLength: 50, description: 'A role code of the event (GET /events/{slug}).' },
  roleOther: { type: 'string', maxLength: 200, description: 'Required when the role asks for text ("other").' },
  session: { type: 'string', maxLength: 20, description: 'A session code, or "none" where allowed.' },
  needs: { type: 'string', maxLength: 1000 },
  needsConsent: { type: 'boolean', description: 'Required (true) when needs is given.' },
  publicListing: { type: 'boolean' },
} as const;

const registrationRequest = {
  type: 'object',
  required: ['name', 'email', 'role', 'consent'],
  properties: {
    ...participantProperties,
    email: { type: 'string', format: 'email', maxLength: 254 },
    consent: { type: 'boolean', const: true, description: 'The registrant has read the privacy information.' },
    answers: {
      type: 'object',
      description:
        "Answers to the event's extra questions (GET /events/{slug} `questions`), keyed by question id: a string for text and choice, an array of strings for checkboxes. Required questions must be answered.",
      additionalProperties: {
        oneOf: [
          { type: 'string', maxLength: 1000 },
          { type: 'array', items: { type: 'string', maxLength: 1000 }, maxItems: 50 },
        ],
      },
    },
    others: {
      type: 'array',
      maxItems: 10,
      description: 'People signed up in the same booking; those without email are reached through the booker.',
      items: {
        type: 'object',
        required: ['name', 'role'],
        properties: { ...participantProperties, email: { type: 'string', format: 'email', maxLength: 254 } },
      },
    },
  },
} as const;

const outcome = {
  type: 'object',
  required: ['status'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['confirmed', 'waitlisted', 'already_registered'] },
    name: { type: 'string' },
    session: { type: 'string', description: 'The session code, or "none".' },
    waitlistPosition: { type: 'integer', minimum: 1, description: 'Only when waitlisted.' },
    manageUrl: { type: 'string', format: 'uri' },
  },
} as const;

const registrationCreated = {
  type: 'object',
  required: ['status', 'session', 'manageUrl'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['confirmed', 'waitlisted'] },
    session: { type: 'string' },
    waitlistPosition: { type: 'integer', minimum: 1 },
    manageUrl: { type: 'string', format: 'uri', description: 'The personal link; treat it as a secret.' },
    others: { type: 'array', items: outcome },
  },
} as const;

const alreadyRegistered = {
  type: 'object',
  required: ['status'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', const: 'already_registered' },
    others: { type: 'array', items: outcome },
  },
} as const;

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } });
const langParam = {
  name: 'lang',
  in: 'query',
  required: false,
  schema: { type: 'string', enum: ['nb', 'nn', 'en'] },
} as const;
const slugParam = { name: 'slug', in: 'path', required: true, schema: { type: 'string' } } as const;

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'samskap API',
    version: '1.0.0',
    description: 'Published events and sign-up. No personal data is ever returned except to the person who signs up.',
  },
  servers: [{ url: '/api/v1' }],
  paths: {
    '/events': {
      get: {
        operationId: 'listEvents',
        parameters: [langParam],
        responses: {
          '200': {
            description: 'Published events, soonest first.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['events'],
                  additionalProperties: false,
                  properties: { events: { type: 'array', items: eventSummary } },
                },
              },
            },
          },
        },
      },
    },
    '/events/{slug}': {
      get: {
        operationId: 'getEvent',
        parameters: [slugParam, langParam],
        responses: {
          '200': {
            description: 'The event with its programme and sessions.',
            content: { 'application/json': { schema: eventDetails } },
          },
          '404': errorResponse('No published event with this slug.'),
        },
      },
    },
    '/events/{slug}/registrations': {
      post: {
        operationId: 'register',
        parameters: [slugParam, langParam],
        requestBody: { required: true, content: { 'application/json': { schema: registrationRequest } } },
        responses: {
          '201': {
            description: 'Signed up (confirmed or on the waiting list).',
            content: { 'application/json': { schema: registrationCreated } },
          },
          '200': {
            description: 'The address is already signed up; its personal link has been e-mailed to it.',
            content: { 'application/json': { schema: alreadyRegistered } },
          },
          '404': errorResponse('No published event with this slug.'),
          '409': errorResponse('registration_closed or registration_not_open.'),
          '413': errorResponse('Body larger than 64 KiB.'),
          '415': errorResponse('Body is not application/json.'),
          '422': errorResponse('invalid: see error.fields.'),
          '429': errorResponse('rate_limited.'),
        },
      },
    },
  },
} as const;
