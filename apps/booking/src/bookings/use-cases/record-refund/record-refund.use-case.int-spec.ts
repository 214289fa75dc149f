import { BookingResource, PayloadOf } from '@app/contracts';
import { PoisonMessageError } from '@app/messaging';
import { randomUUID } from 'node:crypto';
import { ShopCalendar } from '../../../../../../test/support/calendar';
import {
  BookingProcess,
  BookingTestWorld,
  aBarberWithHours,
  aService,
  admin,
  anActor,
  outboxEvents,
  tableCounts,
} from '../../../../test/support/booking-test-app';
import { deliver, paymentSucceeded } from '../../../../test/support/payment-messages';
import { RecordRefundUseCase } from './record-refund.use-case';

const calendar = new ShopCalendar('Europe/London');
const DAY = calendar.weekday(3);

/**
 * RecordRefundUseCase on its own, in a transaction as its handler runs it (real PostgreSQL): which
 * refunds move the booking's paymentStatus, what goes to the outbox, and what it refuses. The
 * whole path through booking-inbox is in apps/booking/test/payment-events.int-spec.ts.
 */
describe('RecordRefundUseCase', () => {
  let world: BookingTestWorld;
  let booking: BookingProcess;
  let barberId: string;
  let serviceId: string;

  beforeAll(async () => {
    world = await BookingTestWorld.create('record_refund_use_case', calendar.at(DAY, '07:00'));
    booking = await world.start({ holdExpiryIntervalSeconds: 3600 });
    barberId = (await aBarberWithHours(booking)).id;
    serviceId = (await aService(booking)).id;
  });

  afterAll(async () => {
    await world?.close();
  });

  const recordRefund = (refund: PayloadOf<'payment.refunded'>) =>
    booking.dataSource.transaction((manager) => booking.get(RecordRefundUseCase).execute(manager, refund));

  const refundOf = (created: BookingResource, paymentId: string): PayloadOf<'payment.refunded'> => ({
    bookingId: created.id,
    paymentId,
    refundId: `re_${randomUUID().slice(0, 8)}`,
    amountCents: created.priceCents,
    currency: created.currency,
  });

  const statusChanges = async (bookingId: string) =>
    (await outboxEvents<PayloadOf<'booking.payment_status_changed'>>(booking.dataSource, 'booking.payment_status_changed')).filter(
      (event) => event.bookingId === bookingId,
    );

  const read = (bookingId: string) => booking.bookings.get({ actor: admin, bookingId });

  async function aPaidBooking(): Promise<{ created: BookingResource; paymentId: string }> {
    const slot = (await booking.slots.list({ barberId, date: DAY })).find((candidate) => candidate.status === 'available');
    if (!slot) throw new Error('no free slot left');
    const { booking: created } = await booking.bookings.create({ actor: anActor('customer'), slotId: slot.id, serviceId });
    const paid = paymentSucceeded(created);
    await deliver(booking, [paid]);
    return { created, paymentId: paid.payload.paymentId };
  }

  it("refunds the booking's own payment once: refunded, one booking.payment_status_changed, a repeat changes nothing", async () => {
    const { created, paymentId } = await aPaidBooking();
    const refund = refundOf(created, paymentId);

    await recordRefund(refund);

    expect(await read(created.id)).toMatchObject({ status: 'confirmed', paymentStatus: 'refunded' });
    expect(await statusChanges(created.id)).toEqual([
      expect.objectContaining({ bookingId: created.id, paymentId, status: 'confirmed', paymentStatus: 'refunded' }),
    ]);

    const before = await tableCounts(booking.dataSource);
    await recordRefund(refund);
    expect(await tableCounts(booking.dataSource)).toEqual(before);
  });

  it('leaves a paid booking paid when the refunded payment is one it refused (a second payment), and marks that one refunded', async () => {
    const { created } = await aPaidBooking();
    const second = paymentSucceeded(created);
    await deliver(booking, [second]);

    await recordRefund(refundOf(created, second.payload.paymentId));

    expect(await read(created.id)).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
    const [rejected] = await booking.dataSource.query('SELECT refunded_at FROM rejected_payments WHERE payment_id = $1', [
      second.payload.paymentId,
    ]);
    expect(rejected.refunded_at).toEqual(world.clock.now());
    expect(await statusChanges(created.id)).toEqual([]);
  });

  it('changes nothing for a refund of a payment the booking never kept or refused', async () => {
    const { created } = await aPaidBooking();
    const before = await tableCounts(booking.dataSource);

    await recordRefund(refundOf(created, randomUUID()));

    expect(await tableCounts(booking.dataSource)).toEqual(before);
    expect(await read(created.id)).toMatchObject({ paymentStatus: 'paid' });
  });

  it('refuses a refund for a booking it does not know as poison (dead-lettered, not retried), writing nothing', async () => {
    const { created, paymentId } = await aPaidBooking();
    const before = await tableCounts(booking.dataSource);

    await expect(recordRefund({ ...refundOf(created, paymentId), bookingId: randomUUID() })).rejects.toBeInstanceOf(PoisonMessageError);

    expect(await tableCounts(booking.dataSource)).toEqual(before);
  });
});
