import { BookingResource, PayloadOf, SlotResource } from '@app/contracts';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import {
  BookingProcess,
  BookingTestWorld,
  aBarberWithHours,
  aService,
  admin,
  anActor,
  outboxEvents,
} from './support/booking-test-app';
import {
  deliver,
  envelopeOf,
  eventCount,
  paymentRefunded,
  paymentSucceeded,
} from './support/payment-messages';

const ZONE = 'Europe/London';
// The Monday at least three days ahead, 07:00 in the barber's zone: the suite's "now".
const MONDAY = DateTime.now().setZone(ZONE).plus({ days: 3 }).startOf('week').plus({ weeks: 1 });
const START = MONDAY.set({ hour: 7 }).toUTC().toISO()!;
const DATES = [1, 2, 3].map((days) => MONDAY.plus({ days }).toISODate()!);

/**
 * payment.status_changed and payment.attempt_failed through booking-inbox (real PostgreSQL and
 * Redis, DESIGN §5): the booking's paymentStatus follows the money after the payment, newest
 * revision first, its status never; a declined card goes to the live feed and changes nothing.
 */
describe('money after the payment, applied by booking', () => {
  let world: BookingTestWorld;
  let booking: BookingProcess;
  let serviceId: string;
  let free: SlotResource[];

  beforeAll(async () => {
    world = await BookingTestWorld.create('payment_status_changes', START);
    booking = await world.start({ holdExpiryIntervalSeconds: 3600 });
    const barber = await aBarberWithHours(booking, { timeZone: ZONE });
    serviceId = (await aService(booking)).id;
    free = [];
    for (const date of DATES)
      free.push(...(await booking.slots.list({ barberId: barber.id, date })));
  });

  afterAll(async () => {
    await world?.close();
  });

  const book = async (): Promise<BookingResource> => {
    const slot = free.shift();
    if (!slot) throw new Error('the suite ran out of slots');
    return (
      await booking.bookings.create({ actor: anActor('customer'), slotId: slot.id, serviceId })
    ).booking;
  };
  const read = (bookingId: string) => booking.bookings.get({ actor: admin, bookingId });

  async function aPaidBooking(): Promise<{ created: BookingResource; paymentId: string }> {
    const created = await book();
    const paid = paymentSucceeded(created);
    await deliver(booking, [paid]);
    return { created, paymentId: paid.payload.paymentId };
  }

  const statusChanged = (
    bookingId: string,
    paymentId: string,
    paymentStatus: PayloadOf<'payment.status_changed'>['paymentStatus'],
    revision: number,
  ) =>
    envelopeOf('payment.status_changed', {
      bookingId,
      paymentId,
      paymentStatus,
      revision,
      detail: `test: ${paymentStatus}`,
    });

  it('shows a dispute on the booking once, delivered twice, and leaves its status confirmed', async () => {
    const { created, paymentId } = await aPaidBooking();
    const disputed = statusChanged(created.id, paymentId, 'disputed', 1);

    await deliver(booking, [disputed, disputed]);

    expect(await read(created.id)).toMatchObject({
      status: 'confirmed',
      paymentStatus: 'disputed',
    });
    const changes = (
      await outboxEvents<PayloadOf<'booking.payment_status_changed'>>(
        booking.dataSource,
        'booking.payment_status_changed',
      )
    ).filter((payload) => payload.bookingId === created.id);
    expect(changes).toEqual([
      expect.objectContaining({
        bookingId: created.id,
        paymentId,
        status: 'confirmed',
        paymentStatus: 'disputed',
      }),
    ]);
  });

  it('keeps the newest revision whatever the delivery order (dispute won after it opened)', async () => {
    const { created, paymentId } = await aPaidBooking();

    await deliver(booking, [statusChanged(created.id, paymentId, 'paid', 2)]);
    await deliver(booking, [statusChanged(created.id, paymentId, 'disputed', 1)]);

    expect(await read(created.id)).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
    expect(await eventCount(booking.dataSource, 'booking.payment_status_changed', created.id)).toBe(
      1,
    );
  });

  it('ignores a change about a payment the booking never kept', async () => {
    const { created } = await aPaidBooking();
    await deliver(booking, [statusChanged(created.id, randomUUID(), 'refund_failed', 1)]);
    expect(await read(created.id)).toMatchObject({ paymentStatus: 'paid' });
    expect(await eventCount(booking.dataSource, 'booking.payment_status_changed', created.id)).toBe(
      0,
    );
  });

  it('shows a refund that failed, and a payment.refunded delivered after it does not hide it', async () => {
    const { created, paymentId } = await aPaidBooking();
    await deliver(booking, [statusChanged(created.id, paymentId, 'refund_failed', 1)]);
    await deliver(booking, [paymentRefunded(created, paymentId)]);
    expect(await read(created.id)).toMatchObject({
      status: 'confirmed',
      paymentStatus: 'refund_failed',
    });
  });

  it('announces a refund on the live feed (booking.payment_status_changed)', async () => {
    const { created, paymentId } = await aPaidBooking();
    await deliver(booking, [paymentRefunded(created, paymentId)]);
    expect(await read(created.id)).toMatchObject({ paymentStatus: 'refunded' });
    expect(await eventCount(booking.dataSource, 'booking.payment_status_changed', created.id)).toBe(
      1,
    );
  });

  it('passes a declined card of a pending booking to the live feed once (delivered twice) and changes nothing; a confirmed booking says nothing', async () => {
    const pending = await book();
    const attempt = (bookingId: string) =>
      envelopeOf('payment.attempt_failed', {
        bookingId,
        paymentId: randomUUID(),
        checkoutSessionId: 'cs_test_declined',
        message: 'Your card was declined. Try another card.',
        declineCode: 'generic_decline',
      });

    const declined = attempt(pending.id);
    await deliver(booking, [declined, declined]);

    expect(await read(pending.id)).toMatchObject({
      status: 'pending_payment',
      paymentStatus: 'unpaid',
    });
    const announced = (
      await outboxEvents<PayloadOf<'booking.payment_attempt_failed'>>(
        booking.dataSource,
        'booking.payment_attempt_failed',
      )
    ).filter((payload) => payload.bookingId === pending.id);
    expect(announced).toEqual([
      expect.objectContaining({
        status: 'pending_payment',
        checkoutSessionId: 'cs_test_declined',
        lastPaymentError: 'Your card was declined. Try another card.',
      }),
    ]);

    const { created } = await aPaidBooking();
    await deliver(booking, [attempt(created.id)]);
    expect(await eventCount(booking.dataSource, 'booking.payment_attempt_failed', created.id)).toBe(
      0,
    );
  });
});
