// What must hold in the database after any rush, crash or not.
import assert from 'node:assert/strict';
import type { Store } from '../../src/db/connect.ts';

/** Counters equal the rows, nothing is half-written, and waiting lists have no gaps. */
export async function assertConsistent(store: Store, slug: string): Promise<void> {
  const db = store.db;
  const event = await db.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
  const sessions = await db.selectFrom('sessions').selectAll().where('event_id', '=', event.id).execute();
  const regs = await db.selectFrom('registrations').selectAll().where('event_id', '=', event.id).execute();
  const confirmed = regs.filter((r) => r.status === 'confirmed');
  // A seat offered to someone on the waiting list close to the day is held for them.
  const holding = regs.filter((r) => r.status === 'confirmed' || (r.status === 'waitlisted' && r.offer_expires_at));
  assert.equal(event.seats_taken, holding.length, 'event seat counter equals confirmed rows and held offers');
  if (event.capacity !== null) assert.ok(confirmed.length <= event.capacity, 'event never overbooked');
  for (const s of sessions) {
    const inSession = regs.filter((r) => r.session_id === s.id);
    const sHolding = inSession.filter(
      (r) => r.status === 'confirmed' || (r.status === 'waitlisted' && r.offer_expires_at),
    ).length;
    const sWaiting = inSession.filter((r) => r.status === 'waitlisted');
    assert.equal(s.seats_taken, sHolding, `session ${s.code} seat counter equals rows`);
    assert.equal(s.waitlist_length, sWaiting.length, `session ${s.code} waiting-list counter equals rows`);
    if (s.capacity !== null) assert.ok(sHolding <= s.capacity, `session ${s.code} never overbooked`);
    const seqs = sWaiting.map((r) => r.waitlist_seq);
    assert.equal(new Set(seqs).size, seqs.length, `session ${s.code}: no two waiting at the same place`);
    assert.ok(seqs.every((q) => q !== null));
  }
  // Every registration came with its booking, its link and its confirmation mail, or not at all.
  const bookingIds = new Set(
    (await db.selectFrom('bookings').select('id').where('event_id', '=', event.id).execute()).map((b) => b.id),
  );
  const regIds = regs.map((r) => r.id);
  const tokens = regIds.length
    ? await db.selectFrom('access_tokens').select('registration_id').where('registration_id', 'in', regIds).execute()
    : [];
  const mails = await db
    .selectFrom('outbox')
    .select(['registration_id', 'message_id'])
    .where('event_id', '=', event.id)
    .where('kind', '=', 'registration.confirmation')
    .execute();
  const withToken = new Set(tokens.map((t) => t.registration_id));
  const withMail = new Set(mails.map((m) => m.registration_id));
  for (const r of regs) {
    assert.ok(bookingIds.has(r.booking_id), `registration ${r.id} has its booking`);
    assert.ok(withToken.has(r.id), `registration ${r.id} has its personal link`);
    if (r.email) assert.ok(withMail.has(r.id), `registration ${r.id} has its confirmation mail`);
  }
  const usedBookings = new Set(regs.map((r) => r.booking_id));
  for (const b of bookingIds) assert.ok(usedBookings.has(b), `booking ${b} has registrations`);
  assert.equal(new Set(mails.map((m) => m.message_id)).size, mails.length, 'Message-IDs are distinct');
}
