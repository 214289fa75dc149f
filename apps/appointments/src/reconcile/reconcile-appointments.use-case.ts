import { Clock, CLOCK, withSessionAdvisoryLock } from '@app/platform';
import { BookingResource, ReconcileReport } from '@app/contracts';
import { counter } from '@app/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BookingFact, BookingFactKind } from '../appointment/domain/appointment';
import { appointmentRepository } from '../appointment/persistence/appointment.repository';
import { ApplyBookingFactUseCase } from '../appointment/use-cases/apply-booking-fact/apply-booking-fact.use-case';
import { BookingStatesClient } from './booking-states.client';

/** One appointments reconciler run at a time, across replicas (session advisory lock, DESIGN §6.6). */
export const RECONCILE_LOCK: [number, number] = [43_001, 0];
/** An appointment pending this long (no booking.confirmed / expired / cancelled reached it) is asked about. */
export const STALE_PENDING_AFTER_MS = 60_000;
/** bookingStates answers at most this many bookings per call. */
const BATCH = 500;

const repairs = counter('reconcile_repairs_total', 'Drift repaired by a reconciler', ['service', 'kind']);

/** The fact booking's current state states; null while the booking is still pending (nothing to apply). */
export function factOfBookingState(booking: BookingResource): BookingFact | null {
  let kind: BookingFactKind;
  switch (booking.status) {
    case 'pending_payment':
      return null;
    case 'confirmed':
      kind = 'confirmed';
      break;
    case 'expired':
      kind = 'expired';
      break;
    case 'cancelled':
      kind = 'cancelled';
      break;
  }
  return {
    kind,
    // The state is as of the booking's last change: the fact happened then, at the latest, so the
    // ordering rule still lets a later real fact (a late payment after an expiry) win.
    occurredAt: new Date(booking.updatedAt),
    bookingId: booking.id,
    customerId: booking.customerId,
    barberId: booking.barberId,
    startsAt: new Date(booking.startsAt),
    endsAt: new Date(booking.endsAt),
  };
}

/**
 * Appointments' reconciler (DESIGN §6.6), one run at a time across replicas (a PostgreSQL session
 * advisory lock). stale_pending: appointments pending for more than a minute → booking's
 * bookingStates, and what booking says is applied as a booking fact (confirmed → paid,
 * expired / cancelled → cancelled) by the usual ordering rule, writing appointment.updated.
 * Booking unreachable → logged, the next run tries again.
 */
@Injectable()
export class ReconcileAppointmentsUseCase {
  private readonly logger = new Logger(ReconcileAppointmentsUseCase.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly booking: BookingStatesClient,
    private readonly applyBookingFact: ApplyBookingFactUseCase,
  ) {}

  /** Run once under the reconcile lock; `wait` for another replica's run rather than skip (a skipped run answers null). */
  async execute({ wait }: { wait: boolean }): Promise<ReconcileReport | null> {
    return withSessionAdvisoryLock(this.dataSource, RECONCILE_LOCK, { wait }, async () => ({
      stale_pending: await this.repairStalePending(),
    }));
  }

  private async repairStalePending(): Promise<number> {
    const now = this.clock.now();
    const before = new Date(now.getTime() - STALE_PENDING_AFTER_MS);
    const seen = new Set<string>();
    let total = 0;
    for (;;) {
      const bookingIds = (await appointmentRepository.findStalePendingBookingIds(this.dataSource.manager, before, BATCH + seen.size)).filter(
        (id) => !seen.has(id),
      );
      if (bookingIds.length === 0) break;
      const page = bookingIds.slice(0, BATCH);
      page.forEach((id) => seen.add(id));
      let states: Record<string, BookingResource>;
      try {
        states = await this.booking.states(page);
      } catch (error) {
        this.logger.error(`Reconcile: booking did not answer bookingStates (${(error as Error).message}); trying again next run`);
        break;
      }
      for (const bookingId of page) {
        const state = states[bookingId];
        if (!state) {
          this.logger.warn(`Reconcile: appointment of booking ${bookingId} is pending but booking does not know the booking`);
          continue;
        }
        const fact = factOfBookingState(state);
        if (fact && (await this.apply(fact))) total += 1;
      }
      if (bookingIds.length <= BATCH) break;
    }
    return total;
  }

  /** Apply the fact if the appointment is still pending (the real message may have come meanwhile); true when it moved. */
  private apply(fact: BookingFact): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const current = await appointmentRepository.lockByBookingId(manager, fact.bookingId);
      if (!current || current.status !== 'pending') return false;
      const next = await this.applyBookingFact.execute(manager, fact);
      if (next.status === current.status) return false;
      repairs.inc({ service: 'appointments', kind: 'stale_pending' });
      this.logger.warn(`Appointment ${current.id} was pending a minute after booking ${fact.bookingId} became ${fact.kind}: now ${next.status}`);
      return true;
    });
  }
}
