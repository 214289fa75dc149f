import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { signWebhookPayload } from '../../tools/stripe-standin/src/server';
import { ApiClient, Json } from '../support/http-client';
import {
  RunningPlatform,
  barberAndService,
  registerCustomer,
  startPlatform,
} from '../support/platform';
import { ServiceName } from '../support/system';
import { eventually } from '../support/test-infra';

/**
 * DESIGN §9: a body nested deeper than any schema needs is a 400, never a stack overflow (a
 * few thousand levels answered 500 on every POST before). Every POST, PUT and PATCH route the
 * gateway documents at /docs-json is tried, so a route added later is covered without editing
 * this file; and payments' webhook, whose signature needs the raw body.
 */
const LIMIT = 32;
const DEEP = 5_000;
const deepArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObjects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const NESTING_ERROR = {
  statusCode: 400,
  code: 'VALIDATION_FAILED',
  message: `The request body is nested deeper than ${LIMIT} levels.`,
};
const BODY_METHODS = ['post', 'put', 'patch'] as const;
const DATABASES: ServiceName[] = ['gateway', 'booking', 'payments', 'appointments'];
/** Message plumbing that background relays and workers keep writing to; everything else is state a request could change. */
const PLUMBING = /(^|_)(outbox|inbox)($|_)|migrations/;

/** A weekday at least two days ahead (slots in the past or too soon cannot be booked), as YYYY-MM-DD. */
function aWeekdayAhead(): { date: string; isoWeekday: number } {
  const day = new Date(Date.now() + 2 * 86_400_000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return { date: day.toISOString().slice(0, 10), isoWeekday: day.getUTCDay() };
}

describe('request bodies nested too deep', () => {
  let platform: RunningPlatform;
  let admin: ApiClient;
  let databases: Map<ServiceName, Client>;
  let routes: Array<{ method: (typeof BODY_METHODS)[number]; path: string }>;
  /** Real ids for path parameters, so a body that got through would change something we look at. */
  let ids: Record<string, string>;

  /** Every row of every table that holds state, per database, in a stable order. */
  async function snapshot(): Promise<Record<string, string[]>> {
    const tables: Record<string, string[]> = {};
    for (const service of DATABASES) {
      const db = databases.get(service)!;
      const names = (
        await db.query<{ name: string }>(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
        )
      ).rows
        .map((row) => row.name)
        .filter((name) => !PLUMBING.test(name));
      for (const name of names) {
        const rows = await db.query<{ row: string }>(
          `SELECT t::text AS row FROM "${name}" t ORDER BY 1`,
        );
        tables[`${service}.${name}`] = rows.rows.map((row) => row.row);
      }
    }
    return tables;
  }

  beforeAll(async () => {
    platform = await startPlatform(`nesting_${randomUUID().slice(0, 8)}`);
    admin = platform.admin;
    databases = new Map();
    for (const service of DATABASES) {
      const db = new Client({ connectionString: platform.system.databaseUrl(service) });
      await db.connect();
      databases.set(service, db);
    }

    const { date, isoWeekday } = aWeekdayAhead();
    const { barberId, serviceId } = await barberAndService(admin, { weekdays: [isoWeekday] });
    const timeOff = await admin.post(`/barbers/${barberId}/time-off`, {
      startsAt: `${date}T15:00:00.000Z`,
      endsAt: `${date}T15:30:00.000Z`,
    });
    expect(timeOff.status).toBe(201);
    const slots: Json[] = (await platform.api.get(`/barbers/${barberId}/slots?date=${date}`)).body;
    const slot = slots.find((candidate) => candidate.status === 'available');
    const customer = await registerCustomer(platform.api, 'Nesting');
    const booked = await customer.post('/bookings', { slotId: slot.id, serviceId });
    expect(booked.status).toBe(201);
    // The appointment follows by event; wait for it so the snapshots below compare a settled system.
    const appointmentId: string = await eventually(
      'the booking to get its appointment',
      async () => {
        return (await customer.get(`/bookings/${booked.body.id}`)).body.appointmentId as
          string | null;
      },
    );
    ids = {
      barber: barberId,
      service: serviceId,
      booking: booked.body.id,
      appointment: appointmentId,
      timeOff: timeOff.body.id,
      queue: 'booking-inbox',
    };

    const document: Json = (await platform.api.get('/docs-json')).body;
    routes = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, operations]) =>
        BODY_METHODS.filter((method) => method in operations).map((method) => ({ method, path })),
    );
  }, 120_000);

  afterAll(async () => {
    for (const db of databases?.values() ?? []) await db.end();
    await platform?.stop();
  });

  /** `/barbers/{id}/time-off/{timeOffId}` with real ids: `{id}` by the resource the path starts with. */
  function concrete(path: string): string {
    const resource = path.split('/')[1];
    const forId: Record<string, string> = {
      barbers: ids.barber,
      services: ids.service,
      bookings: ids.booking,
      appointments: ids.appointment,
    };
    return path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name === 'id') return forId[resource] ?? randomUUID();
      if (name === 'timeOffId') return ids.timeOff;
      if (name === 'queue') return ids.queue;
      return randomUUID();
    });
  }

  it('finds the body-taking routes in the OpenAPI document', () => {
    expect(routes).toEqual(
      expect.arrayContaining([
        { method: 'post', path: '/auth/register' },
        { method: 'post', path: '/auth/login' },
        { method: 'post', path: '/barbers' },
        { method: 'put', path: '/barbers/{id}/availability' },
        { method: 'post', path: '/barbers/{id}/time-off' },
        { method: 'post', path: '/services' },
        { method: 'post', path: '/bookings' },
        { method: 'post', path: '/bookings/{id}/cancel' },
        { method: 'post', path: '/admin/users' },
      ]),
    );
  });

  it(`answers 400 naming the limit on every POST, PUT and PATCH route, for arrays and objects ${DEEP} levels deep, and changes nothing`, async () => {
    const before = await snapshot();
    expect(before['booking.bookings']).toHaveLength(1);
    expect(before['appointments.appointments']).toHaveLength(1);
    const answers: Array<{ route: string; status: number; body: Json }> = [];
    for (const { method, path } of routes) {
      for (const [shape, body] of [
        ['arrays', deepArrays(DEEP)],
        ['objects', deepObjects(DEEP)],
      ]) {
        const response = await admin.request(method.toUpperCase(), concrete(path), body);
        answers.push({
          route: `${method.toUpperCase()} ${path} (${shape})`,
          status: response.status,
          body: response.body,
        });
      }
    }
    expect(answers).toEqual(
      answers.map(({ route }) => ({ route, status: 400, body: NESTING_ERROR })),
    );
    expect(await snapshot()).toEqual(before);
  });

  it('refuses one level past the limit and lets a body at the limit through to validation', async () => {
    const past = await platform.api.post('/auth/login', deepObjects(LIMIT + 1));
    expect({ status: past.status, body: past.body }).toEqual({ status: 400, body: NESTING_ERROR });
    const withCharset = await platform.api.post('/auth/login', deepArrays(DEEP), {
      'content-type': 'Application/JSON; charset=utf-8',
    });
    expect({ status: withCharset.status, body: withCharset.body }).toEqual({
      status: 400,
      body: NESTING_ERROR,
    });
    const atLimit = await platform.api.post('/auth/login', deepObjects(LIMIT));
    expect(atLimit.status).toBe(400);
    expect(atLimit.body.code).toBe('VALIDATION_FAILED');
    expect(atLimit.body.message).not.toBe(NESTING_ERROR.message);
  });

  it('still takes a normal body', async () => {
    const created = await admin.post('/services', {
      name: `Beard trim ${randomUUID().slice(0, 4)}`,
      durationMinutes: 15,
      priceCents: 1200,
      currency: 'gbp',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ durationMinutes: 15, priceCents: 1200, currency: 'gbp' });
  });

  describe("payments' Stripe webhook", () => {
    const webhookUrl = () => {
      const payments = platform.system.processes.find((running) => running.service === 'payments')!;
      return `http://127.0.0.1:${payments.httpPort}/webhooks/stripe`;
    };
    const send = (body: string) =>
      fetch(webhookUrl(), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': signWebhookPayload(
            body,
            platform.system.env.STRIPE_WEBHOOK_SECRET,
            Math.floor(Date.now() / 1000),
          ),
        },
        body,
      });
    const storedEvents = async () =>
      Number(
        (
          await databases
            .get('payments')!
            .query<{ n: string }>('SELECT count(*) AS n FROM stripe_events')
        ).rows[0].n,
      );

    it('answers 400 naming the limit to a correctly signed body nested too deep, and stores nothing', async () => {
      const before = await storedEvents();
      for (const body of [deepArrays(DEEP), deepObjects(DEEP)]) {
        const response = await send(body);
        expect({ status: response.status, body: await response.json() }).toEqual({
          status: 400,
          body: NESTING_ERROR,
        });
      }
      expect(await storedEvents()).toBe(before);
    });

    it('still verifies and stores a normal signed event (the raw body reaches the signature check)', async () => {
      const event = {
        id: `evt_${randomUUID().replace(/-/g, '')}`,
        object: 'event',
        type: 'customer.created',
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: 'cus_1', object: 'customer' } },
      };
      // Pretty-printed: the signature covers these exact bytes, not a re-serialisation of them.
      const response = await send(JSON.stringify(event, null, 2));
      expect(response.status).toBe(200);
      expect(
        Number(
          (
            await databases
              .get('payments')!
              .query<{ n: string }>('SELECT count(*) AS n FROM stripe_events WHERE id = $1', [
                event.id,
              ])
          ).rows[0].n,
        ),
      ).toBe(1);
    });
  });
});
