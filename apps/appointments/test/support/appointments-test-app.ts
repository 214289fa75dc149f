import { Actor, Envelope, MESSAGE_CATALOG, MessageType, PayloadOf, QUEUES, appointmentIdOf } from '@app/contracts';
import { QueueRegistry } from '@app/messaging';
import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { REDIS_URL, createTestDatabase, deleteQueueKeys, eventually, uniqueName } from '../../../../test/support/test-infra';
import { startServiceContext } from '../../../../test/support/nest-test-context';
import { TestClock } from '../../../../test/support/test-clock';
import { AppointmentsConfig, loadAppointmentsConfig } from '../../src/appointments.config';
import { AppointmentsModule } from '../../src/appointments.module';
import { AppointmentsRpcController } from '../../src/appointment/rpc/appointments.rpc-controller';

export interface AppointmentRow {
  id: string;
  booking_id: string;
  barber_id: string;
  customer_id: string;
  customer_name: string | null;
  service_name: string | null;
  starts_at: Date;
  ends_at: Date;
  status: string;
}

/**
 * One appointments process (its Nest context: inbox worker, relay, RPC controllers without a
 * port) on the suite's own database and queue prefix, with a clock the test sets.
 */
export class AppointmentsTestWorld {
  private constructor(
    readonly app: INestApplicationContext,
    readonly clock: TestClock,
    private readonly prefix: string,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  static async start(label: string, now: string, overrides: Partial<AppointmentsConfig> = {}): Promise<AppointmentsTestWorld> {
    const database = await createTestDatabase(label);
    const prefix = uniqueName(label);
    const clock = new TestClock(new Date(now));
    const config = { ...loadAppointmentsConfig({}), databaseUrl: database.url, redisUrl: REDIS_URL, queuePrefix: prefix, ...overrides };
    let app: INestApplicationContext;
    try {
      app = await startServiceContext(AppointmentsModule.forRoot(config), clock);
    } catch (error) {
      await database.drop();
      throw error;
    }
    return new AppointmentsTestWorld(app, clock, prefix, database.drop);
  }

  get dataSource(): DataSource {
    return this.app.get(getDataSourceToken());
  }

  get rpc(): AppointmentsRpcController {
    return this.app.get(AppointmentsRpcController);
  }

  /**
   * Put each envelope on appointments-inbox as booking's relay would, one at a time (each its own
   * job: the same envelope twice is a redelivery), waiting for the worker to finish each.
   */
  async deliver(...envelopes: Envelope[]): Promise<void> {
    const queue = this.app.get(QueueRegistry).get(QUEUES.appointmentsInbox);
    for (const envelope of envelopes) {
      const job = await queue.add(envelope.type, envelope, { jobId: `${envelope.id}-copy-${randomUUID()}` });
      await eventually(`${envelope.type} ${envelope.id} to be handled`, async () => {
        const current = await queue.getJob(job.id!);
        if (current?.failedReason) throw new Error(`job ${job.id} (${job.name}) failed: ${current.failedReason}`);
        return current?.finishedOn !== undefined;
      });
    }
  }

  /** Put every envelope on appointments-inbox at once (the worker takes them concurrently) and wait for all. */
  async deliverConcurrently(envelopes: Envelope[]): Promise<void> {
    const queue = this.app.get(QueueRegistry).get(QUEUES.appointmentsInbox);
    const jobs = await queue.addBulk(envelopes.map((envelope) => ({ name: envelope.type, data: envelope, opts: { jobId: `${envelope.id}-copy-${randomUUID()}` } })));
    await eventually(`${jobs.length} appointments-inbox job(s) to finish`, async () => {
      const finished = await Promise.all(
        jobs.map(async (job) => {
          const current = await queue.getJob(job.id!);
          if (current?.failedReason) throw new Error(`job ${job.id} (${job.name}) failed: ${current.failedReason}`);
          return current?.finishedOn !== undefined;
        }),
      );
      return finished.every(Boolean);
    });
  }

  async appointmentOf(bookingId: string): Promise<AppointmentRow | undefined> {
    const [row] = await this.dataSource.query<AppointmentRow[]>('SELECT * FROM appointments WHERE booking_id = $1', [bookingId]);
    return row;
  }

  /** Payloads of the outbox events of one type, oldest first, filtered by a predicate. */
  async outbox<T extends MessageType>(type: T): Promise<Array<PayloadOf<T>>> {
    const rows = await this.dataSource.query<Array<{ envelope: { payload: PayloadOf<T> } }>>('SELECT envelope FROM outbox WHERE type = $1 ORDER BY seq', [type]);
    return rows.map((row) => row.envelope.payload);
  }

  async close(): Promise<void> {
    await this.app.close();
    await deleteQueueKeys(REDIS_URL, this.prefix);
    await this.dropDatabase();
  }
}

export function anActor(role: Actor['role'], overrides: Partial<Actor> = {}): Actor {
  return { userId: randomUUID(), role, barberId: null, name: role, email: `${role}@example.com`, ...overrides };
}

/** One booking's story, as booking writes it: each fact stamped with the instant it happened. */
export class BookingStory {
  readonly bookingId = randomUUID();
  readonly customerId = randomUUID();
  readonly slotIds = [randomUUID()];
  /**
   * A booking made before appointment ids were derived from booking ids: its booking.created is
   * v1 (no appointmentId) and its booking.confirmed says `appointmentId: null` until booking has
   * recorded the link appointment.created brings.
   */
  madeBeforeDerivedIds = false;

  /** The appointment id booking records for its bookings (v2 of booking.created on). */
  get appointmentId(): string {
    return appointmentIdOf(this.bookingId);
  }

  constructor(
    readonly barberId: string = randomUUID(),
    /** Where the booking stands now: a move (rescheduled) changes it for the facts written after it. */
    public startsAt = '2026-12-01T09:00:00.000Z',
    public endsAt = '2026-12-01T09:30:00.000Z',
  ) {}

  private envelope<T extends MessageType>(type: T, payload: PayloadOf<T>, occurredAt: string): Envelope<T, PayloadOf<T>> {
    const version = MESSAGE_CATALOG[type].latest;
    return { id: randomUUID(), type, version, occurredAt, correlationId: randomUUID(), causationId: null, payload };
  }

  private change(status: PayloadOf<'booking.confirmed'>['status'], paymentStatus: PayloadOf<'booking.confirmed'>['paymentStatus']) {
    const { bookingId, customerId, barberId, slotIds, startsAt, endsAt } = this;
    return { bookingId, customerId, barberId, slotIds, startsAt, endsAt, status, paymentStatus };
  }

  created(occurredAt: string) {
    const { bookingId, customerId, barberId, slotIds, startsAt, endsAt } = this;
    const v1 = {
      bookingId,
      customerId,
      customerName: 'Ada Lovelace',
      barberId,
      serviceId: randomUUID(),
      serviceName: 'Haircut',
      slotIds,
      startsAt,
      endsAt,
      priceCents: 2500,
      currency: 'gbp',
      holdExpiresAt: '2026-11-30T08:30:00.000Z',
    };
    if (this.madeBeforeDerivedIds) {
      // As a booking service without v2 wrote it: still in a queue or a dead-letter queue.
      const written = this.envelope('booking.created', { ...v1, appointmentId: null }, occurredAt);
      const { appointmentId: _none, ...payload } = written.payload;
      return { ...written, version: 1, payload } as unknown as typeof written;
    }
    return this.envelope('booking.created', { ...v1, appointmentId: this.appointmentId }, occurredAt);
  }

  confirmed(occurredAt: string) {
    const appointmentId = this.madeBeforeDerivedIds ? null : this.appointmentId;
    return this.envelope('booking.confirmed', { ...this.change('confirmed', 'paid'), paymentId: randomUUID(), appointmentId }, occurredAt);
  }

  expired(occurredAt: string) {
    return this.envelope('booking.expired', { ...this.change('expired', 'unpaid'), reason: 'hold_lapsed' }, occurredAt);
  }

  /** The booking moved to [startsAt, endsAt) (DESIGN §6.7), pending or paid as it was. */
  rescheduled(occurredAt: string, startsAt: string, endsAt: string, paid: boolean) {
    const previous = { previousStartsAt: this.startsAt, previousEndsAt: this.endsAt };
    const oldSlotIds = this.slotIds;
    this.startsAt = startsAt;
    this.endsAt = endsAt;
    const newSlotIds = [randomUUID()];
    return this.envelope(
      'booking.rescheduled',
      {
        ...this.change(paid ? 'confirmed' : 'pending_payment', paid ? 'paid' : 'unpaid'),
        slotIds: newSlotIds,
        oldSlotIds,
        newSlotIds,
        ...previous,
      },
      occurredAt,
    );
  }

  cancelled(occurredAt: string, wasPaid = true) {
    return this.envelope(
      'booking.cancelled',
      { ...this.change('cancelled', wasPaid ? 'refund_pending' : 'unpaid'), cancelledBy: 'barber', refund: 'full', wasPaid, reason: null },
      occurredAt,
    );
  }
}
