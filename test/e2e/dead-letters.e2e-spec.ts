import { Client } from 'pg';
import { LONDON } from '../support/calendar';
import { ApiClient, Json } from '../support/http-client';
import { RunningPlatform, barberAndService, registerCustomer, startPlatform } from '../support/platform';
import { eventually } from '../support/test-infra';

/**
 * Issue 6 acceptance: a message the real consumer cannot apply (a bug, injected here as a
 * PostgreSQL trigger that refuses one appointment's payment) ends in the dead-letter queue with
 * its error after its retries; once the bug is gone, `POST /admin/dlq/:queue/replay` puts it back
 * and the consumer applies it once. Reconcilers are slowed down so only the replay can repair it.
 */
describe('Dead letters: listed with their error, replayed by the on-call engineer, applied once', () => {
  let platform: RunningPlatform;
  let api: ApiClient;
  let admin: ApiClient;
  let customer: ApiClient;
  let appointments: Client;
  let barberId: string;
  let serviceId: string;
  // The working day whose slots this suite books, derived from today in the barber's zone (London).
  const day = LONDON.weekday();

  beforeAll(async () => {
    platform = await startPlatform('dead_letters', { MESSAGE_ATTEMPTS: '3', MESSAGE_BACKOFF_MS: '100', RECONCILE_INTERVAL_SECONDS: '3600' });
    ({ api, admin } = platform);
    ({ barberId, serviceId } = await barberAndService(admin, { weekdays: [LONDON.isoWeekday(day)], end: '12:00' }));
    customer = await registerCustomer(api, 'Dee');
    appointments = new Client({ connectionString: platform.system.databaseUrl('appointments') });
    await appointments.connect();
  }, 120_000);

  afterAll(async () => {
    await appointments?.end();
    await platform?.stop();
  });

  const appointmentOf = async (bookingId: string) =>
    (await appointments.query<{ status: string }>('SELECT status FROM appointments WHERE booking_id = $1', [bookingId])).rows[0];

  const deadLetters = async (): Promise<Json[]> => {
    const response = await admin.get('/admin/dlq/appointments-inbox-dlq');
    expect(response.status).toBe(200);
    return response.body;
  };

  it('dead-letters a booking.confirmed the consumer keeps failing on, then applies it once when replayed', async () => {
    const slots: Json[] = (await api.get(`/barbers/${barberId}/slots?date=${day}`)).body;
    const created = await customer.post('/bookings', { slotId: slots[0].id, serviceId });
    expect(created.status).toBe(201);
    const bookingId: string = created.body.id;
    await eventually('its appointment to be created', async () => (await appointmentOf(bookingId))?.status === 'pending');

    // The bug: appointments cannot record this booking's payment.
    await appointments.query(`
      CREATE FUNCTION refuse_payment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected fault: appointment % cannot be paid', NEW.id; END $$`);
    await appointments.query(
      `CREATE TRIGGER refuse_payment BEFORE UPDATE ON appointments FOR EACH ROW
       WHEN (NEW.status = 'paid' AND NEW.booking_id = '${bookingId}') EXECUTE FUNCTION refuse_payment()`,
    );
    await platform.stripe.pay(created.body.checkout.sessionId);

    const [letter] = await eventually('booking.confirmed to be dead-lettered', async () => {
      const letters = await deadLetters();
      return letters.length > 0 ? letters : undefined;
    });
    expect(letter).toMatchObject({ queue: 'appointments-inbox', type: 'booking.confirmed', attemptsMade: 3 });
    expect(letter.error).toContain('injected fault');
    expect(letter.envelope).toMatchObject({ id: letter.jobId, payload: { bookingId } });
    expect((await admin.get('/admin/dlq')).body).toContainEqual({ queue: 'appointments-inbox-dlq', count: 1 });
    expect((await appointmentOf(bookingId)).status).toBe('pending');
    expect((await customer.get(`/bookings/${bookingId}`)).body.status).toBe('confirmed');

    // The fix ships; the on-call engineer replays.
    await appointments.query('DROP TRIGGER refuse_payment ON appointments; DROP FUNCTION refuse_payment()');
    const replayed = await admin.post('/admin/dlq/appointments-inbox/replay', {});
    expect(replayed.status).toBe(200);
    expect(replayed.body).toEqual({ replayed: 1 });

    await eventually('the replayed message to pay the appointment', async () => (await appointmentOf(bookingId)).status === 'paid');
    expect(await deadLetters()).toEqual([]);
    const applied = await appointments.query<{ n: string }>('SELECT count(*) AS n FROM inbox WHERE message_id = $1', [letter.jobId]);
    expect(Number(applied.rows[0].n)).toBe(1);

    // A second replay finds nothing, and changes nothing.
    expect((await admin.post('/admin/dlq/appointments-inbox-dlq/replay', {})).body).toEqual({ replayed: 0 });
    const paidUpdates = await appointments.query<{ n: string }>(
      `SELECT count(*) AS n FROM outbox WHERE type = 'appointment.updated' AND envelope->'payload'->'appointment'->>'status' = 'paid'
         AND envelope->'payload'->'appointment'->>'bookingId' = $1`,
      [bookingId],
    );
    expect(Number(paidUpdates.rows[0].n)).toBe(1);
  });

  it('answers 404 naming the queue for an unknown queue, and 400 for a bad page', async () => {
    const unknown = await admin.get('/admin/dlq/nope-inbox');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('nope-inbox');
    const badPage = await admin.get('/admin/dlq/booking-inbox?limit=0');
    expect(badPage.status).toBe(400);
    expect(JSON.stringify(badPage.body)).toContain('limit');
    expect((await customer.get('/admin/dlq/booking-inbox')).status).toBe(403);
    expect((await api.get('/admin/dlq/booking-inbox')).status).toBe(401);
  });
});
