import { BookingResource, PayloadOf } from '@app/contracts';
import { PoisonMessageError } from '@app/messaging';
import { randomUUID } from 'node:crypto';
import { ShopCalendar } from '../../../../../../test/support/calendar';
import { Shop, aBookingOnFirstFreeSlot, aShop, admin, outboxEvents, tableCounts } from '../../../../test/support/booking-test-app';
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
  let shop: Shop;

  beforeAll(async () => {
    shop = await aShop('record_refund_use_case', calendar.at(DAY, '07:00'));
  });

  afterAll(async () => {
    await shop?.world.close();
  });

  const recordRefund = (refund: PayloadOf<'payment.refunded'>) =>
    shop.booking.dataSource.transaction((manager) => shop.booking.get(RecordRefundUseCase).execute(manager, refund));

  const refundOf = (created: BookingResource, paymentId: string): PayloadOf<'payment.refunded'> => ({
    bookingId: created.id,
    paymentId,
    refundId: `re_${randomUUID().slice(0, 8)}`,
    amountCents: created.priceCents,
    currency: created.currency,
  });

  const statusChanges = async (bookingId: string) =>
    (await outboxEvents<PayloadOf<'booking.payment_status_changed'>>(shop.booking.dataSource, 'booking.payment_status_changed')).filter(
      (event) => event.bookingId === bookingId,
    );

  const read = (bookingId: string) => shop.booking.bookings.get({ actor: admin, bookingId });

  async function aPaidBooking(): Promise<{ created: BookingResource; paymentId: string }> {
    const created = await aBookingOnFirstFreeSlot(shop, DAY);
    const paid = paymentSucceeded(created);
    await deliver(shop.booking, [paid]);
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

    const before = await tableCounts(shop.booking.dataSource);
    await recordRefund(refund);
    expect(await tableCounts(shop.booking.dataSource)).toEqual(before);
  });

  it('leaves a paid booking paid when the refunded payment is one it refused (a second payment), and marks that one refunded', async () => {
    const { created } = await aPaidBooking();
    const second = paymentSucceeded(created);
    await deliver(shop.booking, [second]);

    await recordRefund(refundOf(created, second.payload.paymentId));

    expect(await read(created.id)).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
    const [rejected] = await shop.booking.dataSource.query('SELECT refunded_at FROM rejected_payments WHERE payment_id = $1', [
      second.payload.paymentId,
    ]);
    expect(rejected.refunded_at).toEqual(shop.world.clock.now());
    expect(await statusChanges(created.id)).toEqual([]);
  });

  it('changes nothing for a refund of a payment the booking never kept or refused', async () => {
    const { created } = await aPaidBooking();
    const before = await tableCounts(shop.booking.dataSource);

    await recordRefund(refundOf(created, randomUUID()));

    expect(await tableCounts(shop.booking.dataSource)).toEqual(before);
    expect(await read(created.id)).toMatchObject({ paymentStatus: 'paid' });
  });

  it('refuses a refund for a booking it does not know as poison (dead-lettered, not retried), writing nothing', async () => {
    const { created, paymentId } = await aPaidBooking();
    const before = await tableCounts(shop.booking.dataSource);

    await expect(recordRefund({ ...refundOf(created, paymentId), bookingId: randomUUID() })).rejects.toBeInstanceOf(PoisonMessageError);

    expect(await tableCounts(shop.booking.dataSource)).toEqual(before);
  });
});
