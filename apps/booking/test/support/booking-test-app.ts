import { Actor, BarberResource, BookingResource, ServiceResource, WeeklyHours } from '@app/contracts';
import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { REDIS_URL, createTestDatabase, deleteQueueKeys, uniqueName } from '../../../../test/support/test-infra';
import { startServiceContext } from '../../../../test/support/nest-test-context';
import { TestClock } from '../../../../test/support/test-clock';
import { BarbersRpcController } from '../../src/barbers/rpc/barbers.rpc-controller';
import { BookingConfig, loadBookingConfig } from '../../src/booking.config';
import { BookingModule } from '../../src/booking.module';
import { BookingsRpcController } from '../../src/bookings/rpc/bookings.rpc-controller';
import { CatalogRpcController } from '../../src/catalog/rpc/catalog.rpc-controller';
import { SlotsRpcController } from '../../src/slots/rpc/slots.rpc-controller';
import { SlotHorizonScheduler } from '../../src/slots/schedule/slot-horizon.scheduler';

/** One booking process: its Nest context (no ports), talking to the suite's database and queue prefix. */
export class BookingProcess {
  constructor(readonly app: INestApplicationContext) {}

  get dataSource(): DataSource {
    return this.app.get(getDataSourceToken());
  }
  get barbers(): BarbersRpcController {
    return this.app.get(BarbersRpcController);
  }
  get catalog(): CatalogRpcController {
    return this.app.get(CatalogRpcController);
  }
  get slots(): SlotsRpcController {
    return this.app.get(SlotsRpcController);
  }
  get bookings(): BookingsRpcController {
    return this.app.get(BookingsRpcController);
  }
  get<T>(type: new (...args: never[]) => T): T {
    return this.app.get(type);
  }

  /**
   * Turn a booking into one made before appointment ids were derived from booking ids: no
   * appointment id recorded, so the link comes with appointment.created (and the reconciler
   * re-announces a confirmed one left unlinked).
   */
  async madeBeforeDerivedIds(bookingId: string): Promise<void> {
    await this.dataSource.query('UPDATE bookings SET appointment_id = NULL WHERE id = $1', [bookingId]);
  }
}

/** A suite's world: its own database and queue prefix, a shared clock, and booking processes on them. */
export class BookingTestWorld {
  readonly processes: BookingProcess[] = [];

  private constructor(
    readonly databaseUrl: string,
    private readonly dropDatabase: () => Promise<void>,
    readonly prefix: string,
    readonly clock: TestClock,
  ) {}

  static async create(label: string, now: string): Promise<BookingTestWorld> {
    const database = await createTestDatabase(label);
    return new BookingTestWorld(database.url, database.drop, uniqueName(label), new TestClock(new Date(now)));
  }

  config(overrides: Partial<BookingConfig> = {}): BookingConfig {
    return {
      ...loadBookingConfig({}),
      databaseUrl: this.databaseUrl,
      redisUrl: REDIS_URL,
      queuePrefix: this.prefix,
      ...overrides,
    };
  }

  async start(overrides: Partial<BookingConfig> = {}): Promise<BookingProcess> {
    const app = await startServiceContext(BookingModule.forRoot(this.config(overrides)), this.clock);
    // The start-up horizon run works in the background; let it finish so it cannot race the test.
    await app.get(SlotHorizonScheduler).idle();
    const started = new BookingProcess(app);
    this.processes.push(started);
    return started;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.processes.map((started) => started.app.close()));
    await deleteQueueKeys(REDIS_URL, this.prefix);
    await this.dropDatabase();
  }
}

export function anActor(role: Actor['role'], overrides: Partial<Actor> = {}): Actor {
  return {
    userId: randomUUID(),
    role,
    barberId: null,
    name: `${role} ${randomUUID().slice(0, 4)}`,
    email: `${role}-${randomUUID().slice(0, 8)}@example.com`,
    ...overrides,
  };
}

export const admin = anActor('admin');

export async function aBarber(process: BookingProcess, overrides: { name?: string; timeZone?: string } = {}): Promise<BarberResource> {
  return process.barbers.create({ actor: admin, name: overrides.name ?? 'Sam', timeZone: overrides.timeZone ?? 'Europe/London' });
}

export async function aService(
  process: BookingProcess,
  overrides: Partial<Omit<ServiceResource, 'id'>> = {},
): Promise<ServiceResource> {
  return process.catalog.create({
    actor: admin,
    // Offered services' names are unique (SERVICE_NAME_TAKEN): each call gets its own by default.
    name: overrides.name ?? `Haircut ${randomUUID().slice(0, 8)}`,
    durationMinutes: overrides.durationMinutes ?? 30,
    priceCents: overrides.priceCents ?? 2500,
    currency: overrides.currency ?? 'gbp',
  });
}

export const MONDAY_TO_FRIDAY_9_TO_5: WeeklyHours[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

/** A barber with a template, slots generated: the usual starting point. */
export async function aBarberWithHours(
  process: BookingProcess,
  { timeZone = 'Europe/London', slotMinutes = 30, weekly = MONDAY_TO_FRIDAY_9_TO_5 }: { timeZone?: string; slotMinutes?: number; weekly?: WeeklyHours[] } = {},
): Promise<BarberResource> {
  const barber = await aBarber(process, { timeZone });
  await process.slots.setWeeklyAvailability({ actor: admin, barberId: barber.id, slotMinutes, weekly });
  return barber;
}

/**
 * Where most use-case tests start: a suite's world on `now` (an injected clock), one booking
 * process whose hold sweep stays out of the way, a barber working Monday–Friday 9–5 in London,
 * and a 30-minute service.
 */
export interface Shop {
  world: BookingTestWorld;
  booking: BookingProcess;
  barberId: string;
  serviceId: string;
}

export async function aShop(label: string, now: string): Promise<Shop> {
  const world = await BookingTestWorld.create(label, now);
  try {
    const booking = await world.start({ holdExpiryIntervalSeconds: 3600 });
    const barberId = (await aBarberWithHours(booking)).id;
    const serviceId = (await aService(booking)).id;
    return { world, booking, barberId, serviceId };
  } catch (error) {
    await world.close();
    throw error;
  }
}

/** A pending booking of the shop's service by a new customer, on the first free slot of `date`. */
export async function aBookingOnFirstFreeSlot(shop: Shop, date: string): Promise<BookingResource> {
  const slot = (await shop.booking.slots.list({ barberId: shop.barberId, date })).find((candidate) => candidate.status === 'available');
  if (!slot) throw new Error(`no free slot left on ${date}`);
  return (await shop.booking.bookings.create({ actor: anActor('customer'), slotId: slot.id, serviceId: shop.serviceId })).booking;
}

/** The rows of the outbox of one type, payloads parsed. */
export async function outboxEvents<T = Record<string, unknown>>(dataSource: DataSource, type: string): Promise<T[]> {
  const rows: Array<{ envelope: { payload: T } }> = await dataSource.query('SELECT envelope FROM outbox WHERE type = $1 ORDER BY seq', [type]);
  return rows.map((row) => row.envelope.payload);
}

/** Counts of every table a use case can change: "nothing changed" means these are equal before and after. */
export async function tableCounts(dataSource: DataSource): Promise<Record<string, string>> {
  // The outbox without published_at: the relay marks rows published in the background.
  const tables: Record<string, string> = {
    barbers: 'barbers',
    services: 'services',
    availability_templates: 'availability_templates',
    time_off: 'time_off',
    slots: 'slots',
    bookings: 'bookings',
    booking_slots: 'booking_slots',
    rejected_payments: 'rejected_payments',
    outbox: '(SELECT id, type, envelope FROM outbox)',
  };
  const counts: Record<string, string> = {};
  for (const [table, source] of Object.entries(tables)) {
    const [row]: Array<{ n: string; digest: string | null }> = await dataSource.query(
      `SELECT count(*) AS n, md5(string_agg(t::text, ',' ORDER BY t::text)) AS digest FROM ${source} t`,
    );
    counts[table] = `${row.n}:${row.digest ?? ''}`;
  }
  return counts;
}
