import { Clock, CLOCK, withSessionAdvisoryLock } from '@app/platform';
import { ReconcileReport, SettleBookingsResponse } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { counter } from '@app/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BOOKING_CONFIG, BookingConfig } from '../booking.config';
import { bookingConfirmedPayload } from '../bookings/persistence/booking.mapper';
import { bookingRepository } from '../bookings/persistence/booking.repository';
import { ApplyPaymentSuccessUseCase } from '../bookings/use-cases/apply-payment-success/apply-payment-success.use-case';
import { ExpireLapsedHoldsUseCase } from '../bookings/use-cases/expire-lapsed-holds/expire-lapsed-holds.use-case';
import { RECONCILE_LOCK } from '../shared/persistence/sql';
import { PaymentsSettlementClient } from './payments-settlement.client';

/** A confirmed booking still unlinked this long after its last change is drift (appointments missed it). */
export const MISSING_LINK_AFTER_MS = 60_000;
const BATCH = 100;
/** Lapsed holds asked about per round (the most payments' settleBookings takes). */
const SETTLE_BATCH = 500;

const repairs = counter('reconcile_repairs_total', 'Drift repaired by a reconciler', ['service', 'kind']);

/** The repairs booking's reconciler makes, by kind (DESIGN §6.6). */
export type BookingRepairKind = 'lapsed_hold_paid' | 'hold_lapsed' | 'missing_appointment_link';

/**
 * Booking's reconciler (DESIGN §6.6), one run at a time across replicas (a PostgreSQL session
 * advisory lock):
 * - lapsed_hold_paid: bookings still pending after their hold ended are asked about at payments,
 *   which asks Stripe and records what it learns; a booking whose payment succeeded (its webhook
 *   lost, or its message still on the way) is confirmed with it now, as payment.succeeded would
 *   (the message, when it comes, finds it applied). Payments not answering: logged, the holds
 *   expire as usual and a payment that comes later is handled as a late one;
 * - hold_lapsed: the hold expiry sweep (it counts and logs its own repairs);
 * - missing_appointment_link: confirmed bookings unchanged for a minute with no appointment id →
 *   booking.confirmed again (the same payload as the confirmation), the booking row locked
 *   meanwhile so a concurrent cancellation comes strictly before or after it; at most once per
 *   RECONCILE_INTERVAL_SECONDS per booking (bookings.last_reconciled_at) while the link stays missing.
 */
@Injectable()
export class ReconcileBookingUseCase {
  private readonly logger = new Logger(ReconcileBookingUseCase.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BOOKING_CONFIG) private readonly config: BookingConfig,
    private readonly outbox: OutboxWriter,
    private readonly expireLapsedHolds: ExpireLapsedHoldsUseCase,
    private readonly applyPaymentSuccess: ApplyPaymentSuccessUseCase,
    private readonly payments: PaymentsSettlementClient,
  ) {}

  /**
   * Run once under the reconcile lock. `wait`: wait for another replica's run to finish (an
   * admin asked) rather than skip; a skipped run answers null.
   */
  async execute({ wait }: { wait: boolean }): Promise<ReconcileReport | null> {
    return withSessionAdvisoryLock(this.dataSource, RECONCILE_LOCK, { wait }, () => this.run());
  }

  private async run(): Promise<ReconcileReport> {
    const lapsedHoldPaid = await this.confirmLapsedHoldsPaidMeanwhile();
    const holdLapsed = await this.expireLapsedHolds.execute();
    const missingLinks = await this.reannounceUnlinked();
    return { lapsed_hold_paid: lapsedHoldPaid, hold_lapsed: holdLapsed, missing_appointment_link: missingLinks };
  }

  private async confirmLapsedHoldsPaidMeanwhile(): Promise<number> {
    const ids = await bookingRepository.findLapsedIds(this.dataSource.manager, this.clock.now(), SETTLE_BATCH);
    if (ids.length === 0) return 0;
    let answers: SettleBookingsResponse;
    try {
      answers = await this.payments.settle(ids);
    } catch (error) {
      this.logger.warn(`Could not ask payments about ${ids.length} lapsed hold(s) (${(error as Error).message ?? String(error)}); they expire as usual`);
      return 0;
    }
    let total = 0;
    for (const id of ids) {
      const payment = answers[id];
      if (!payment || payment.bookingId !== id) continue;
      const outcome = await this.dataSource.transaction((manager) => this.applyPaymentSuccess.execute(manager, payment));
      // already_applied: payment.succeeded, which payments published on finding the payment just
      // now, got here first — the booking was pending when asked about, so it is this repair still.
      if (outcome !== 'confirmed' && outcome !== 'confirmed_late' && outcome !== 'already_applied') continue;
      total += 1;
      repairs.inc({ service: 'booking', kind: 'lapsed_hold_paid' });
      this.logger.warn(`Booking ${id} was still pending after its hold ended, but payments had its payment ${payment.paymentId}: confirmed`);
    }
    return total;
  }

  private async reannounceUnlinked(): Promise<number> {
    const now = this.clock.now();
    const changedBefore = new Date(now.getTime() - MISSING_LINK_AFTER_MS);
    const reconciledBefore = new Date(now.getTime() - this.config.reconcileIntervalSeconds * 1000);
    let total = 0;
    for (;;) {
      const ids = await bookingRepository.findUnlinkedConfirmedIds(this.dataSource.manager, changedBefore, reconciledBefore, BATCH);
      for (const id of ids) {
        if (await this.reannounce(id, changedBefore, reconciledBefore, now)) total += 1;
      }
      // Each id found is either marked now or no longer matches: the next page has only new ones.
      if (ids.length < BATCH) break;
    }
    return total;
  }

  private reannounce(id: string, changedBefore: Date, reconciledBefore: Date, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const booking = await bookingRepository.lockUnlinkedConfirmed(manager, id, changedBefore, reconciledBefore);
      if (!booking) return false;
      // Marked either way, so a booking that cannot be re-announced is not picked again every page.
      await bookingRepository.markReconciled(manager, booking.id, now);
      if (booking.paymentId === null) {
        this.logger.error(`Confirmed booking ${booking.id} has no payment id; cannot re-announce it`);
        return false;
      }
      await this.outbox.publish(manager, 'booking.confirmed', bookingConfirmedPayload({ ...booking, paymentId: booking.paymentId }));
      repairs.inc({ service: 'booking', kind: 'missing_appointment_link' });
      this.logger.warn(`Booking ${booking.id} is confirmed but has no appointment after a minute: booking.confirmed emitted again`);
      return true;
    });
  }
}
