// Fills an SQLite database (already migrated and seeded, server not running) with existing
// registrations for the flat and memory figures: fast, in one transaction, directly with
// better-sqlite3. Seats and waiting-list places are handed out with the same rules as the app's
// takePlace (seats while both the session and the event have room and nobody queues, otherwise the
// end of that queue), and the counters on events and sessions are updated to match, so that the
// app's invariants hold. Each registration gets its own booking, personal-link token and audit row
// like one made through the app; outbox rows are left out (their bodies would only add bulk).
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';

interface Counter {
  id: number | null;
  capacity: number | null;
  taken: number;
  queue: number;
}

export interface PreloadSummary {
  registrations: number;
  confirmed: number;
  waitlisted: number;
  seconds: number;
}

export function preloadRegistrations(path: string, slug: string, count: number): PreloadSummary {
  const started = performance.now();
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  try {
    const event = db
      .prepare(
        'select id, capacity, seats_taken, waitlist_seq, no_session_waitlist_length, allow_no_session from events where slug = ?',
      )
      .get(slug) as
      | {
          id: number;
          capacity: number | null;
          seats_taken: number;
          waitlist_seq: number;
          no_session_waitlist_length: number;
          allow_no_session: number;
        }
      | undefined;
    if (!event) throw new Error(`preload: no event "${slug}"`);
    const sessions = db
      .prepare('select id, capacity, seats_taken, waitlist_length from sessions where event_id = ? order by position')
      .all(event.id) as { id: number; capacity: number | null; seats_taken: number; waitlist_length: number }[];
    const queues: Counter[] = sessions.map((s) => ({
      id: s.id,
      capacity: s.capacity,
      taken: s.seats_taken,
      queue: s.waitlist_length,
    }));
    if (event.allow_no_session === 1 || queues.length === 0) {
      queues.push({ id: null, capacity: null, taken: 0, queue: event.no_session_waitlist_length });
    }
    let eventTaken = event.seats_taken;
    let waitlistSeq = event.waitlist_seq;
    let confirmed = 0;

    const insertBooking = db.prepare(
      `insert into bookings (event_id, booker_name, booker_email, lang, created_at) values (?, ?, ?, 'nb', ?)`,
    );
    const insertRegistration = db.prepare(
      `insert into registrations (event_id, booking_id, name, email, email_norm, organization, role, role_other,
         session_id, needs, needs_consent_at, consent_at, public_listing, status, waitlist_seq, lang, created_at, updated_at)
       values (?, ?, ?, ?, ?, '', 'citizen', '', ?, '', null, ?, 0, ?, ?, 'nb', ?, ?)`,
    );
    const insertToken = db.prepare(
      'insert into access_tokens (registration_id, token_hash, created_at) values (?, ?, ?)',
    );
    const insertAudit = db.prepare(
      `insert into audit_log (at, actor, action, event_id, subject_type, subject_id, data_json)
       values (?, ?, ?, ?, 'registration', ?, '{}')`,
    );

    const base = Date.now() - count * 1000;
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const q = queues[i % queues.length]!;
        const at = new Date(base + i * 1000).toISOString();
        const email = `preload-${i}@bench.invalid`;
        const eventHasRoom = event.capacity === null || eventTaken < event.capacity;
        const sessionHasRoom = q.capacity === null || q.taken < q.capacity;
        let status: 'confirmed' | 'waitlisted';
        let seq: number | null = null;
        if (eventHasRoom && sessionHasRoom && q.queue === 0) {
          status = 'confirmed';
          eventTaken += 1;
          q.taken += 1;
          confirmed += 1;
        } else {
          status = 'waitlisted';
          waitlistSeq += 1;
          seq = waitlistSeq;
          q.queue += 1;
        }
        const booking = insertBooking.run(event.id, `Preloaded Person ${i}`, email, at);
        const bookingId = Number(booking.lastInsertRowid);
        const reg = insertRegistration.run(
          event.id,
          bookingId,
          `Preloaded Person ${i}`,
          email,
          email,
          q.id,
          at,
          status,
          seq,
          at,
          at,
        );
        const regId = Number(reg.lastInsertRowid);
        insertToken.run(regId, randomBytes(32).toString('hex'), at);
        insertAudit.run(at, `booking:${bookingId}`, `registration.${status}`, event.id, regId);
      }
      db.prepare(
        'update events set seats_taken = ?, waitlist_seq = ?, no_session_waitlist_length = ? where id = ?',
      ).run(
        eventTaken,
        waitlistSeq,
        queues.find((q) => q.id === null)?.queue ?? event.no_session_waitlist_length,
        event.id,
      );
      const updateSession = db.prepare('update sessions set seats_taken = ?, waitlist_length = ? where id = ?');
      for (const q of queues) if (q.id !== null) updateSession.run(q.taken, q.queue, q.id);
    })();
    // No ANALYZE: the app never runs it, so the planner must see what it sees in production.
    db.pragma('wal_checkpoint(TRUNCATE)');
    return {
      registrations: count,
      confirmed,
      waitlisted: count - confirmed,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    db.close();
  }
}

/** Folds the WAL into the main file so that copying the .db file alone copies the database. */
export function checkpoint(path: string): void {
  const db = new SQLite(path);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
