import { MessageType } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { Clock, CLOCK, counter } from '@app/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BOOKING_CONFIG, BookingConfig } from '../../../booking.config';
import { lockBarberSchedules } from '../../../shared/persistence/sql';
import { slotChangedPayload } from '../../../slots/persistence/slot.mapper';
import { ReleaseBookingSlotsUseCase } from '../../../slots/use-cases/release-booking-slots/release-booking-slots.use-case';
import { expire, isHoldLapsed } from '../../domain/booking';
import { bookingExpiredPayload } from '../../persistence/booking.mapper';
import { bookingRepository } from '../../persistence/booking.repository';

const BATCH = 100;

const repairs = counter('reconcile_repairs_total', 'Drift repaired by a reconciler', ['service', 'kind']);

/**
 * Expires pending bookings whose hold lapsed (holdExpiresAt + BOOKING_HOLD_GRACE_SECONDS),
 * releasing their slots and emitting booking.expired (reason hold_lapsed) and slot.changed,
 * so an abandoned checkout never keeps a slot, webhook or not. Concurrent sweeps (replicas)
 * lock disjoint batches (SKIP LOCKED) and every change is guarded on the pending status, so
 * each booking is expired exactly once.
 */
@Injectable()
export class ExpireLapsedHoldsUseCase {
  private readonly logger = new Logger(ExpireLapsedHoldsUseCase.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BOOKING_CONFIG) private readonly config: BookingConfig,
    private readonly outbox: OutboxWriter,
    private readonly releaseSlots: ReleaseBookingSlotsUseCase,
  ) {}

  /** Sweep until nothing lapsed is left; returns how many bookings this call expired. */
  async execute(): Promise<number> {
    let total = 0;
    for (;;) {
      const { claimed, expired } = await this.expireBatch();
      total += expired;
      if (claimed < BATCH || expired === 0) break;
    }
    if (total > 0) {
      repairs.inc({ service: 'booking', kind: 'hold_lapsed' }, total);
      this.logger.warn(`Expired ${total} booking(s) whose hold lapsed without a payment`);
    }
    return total;
  }

  private expireBatch(): Promise<{ claimed: number; expired: number }> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const grace = this.config.holdGraceSeconds;
      const lapsed = await bookingRepository.lockLapsed(manager, new Date(now.getTime() - grace * 1000), BATCH);
      if (lapsed.length === 0) return { claimed: 0, expired: 0 };
      await lockBarberSchedules(
        manager,
        lapsed.map((booking) => booking.barberId),
      );
      const events: Array<{ type: MessageType; payload: unknown }> = [];
      let expired = 0;
      for (const booking of lapsed) {
        if (!isHoldLapsed(booking, now, grace)) continue;
        const next = expire(booking, now);
        if (!(await bookingRepository.saveTransition(manager, next, booking.status, false))) continue;
        const released = await this.releaseSlots.execute(manager, next, now);
        events.push({ type: 'booking.expired', payload: bookingExpiredPayload(next, 'hold_lapsed') });
        const slotsChanged = slotChangedPayload(next.barberId, released);
        if (slotsChanged) events.push({ type: 'slot.changed', payload: slotsChanged });
        expired += 1;
      }
      await this.outbox.publishMany(manager, events);
      return { claimed: lapsed.length, expired };
    });
  }
}
