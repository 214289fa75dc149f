import { CLOCK, Clock } from '@app/platform';
import { MessageOf, appointmentIdOf } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Appointment, BookingFact, appointmentFromFact, applyBookingFact } from '../../domain/appointment';
import { appointmentCreatedPayload, appointmentUpdatedPayload } from '../../persistence/appointment.mapper';
import { appointmentRepository } from '../../persistence/appointment.repository';

type BookingFactMessage =
  | MessageOf<'booking.created'>
  | MessageOf<'booking.confirmed'>
  | MessageOf<'booking.expired'>
  | MessageOf<'booking.cancelled'>
  | MessageOf<'booking.rescheduled'>;

/** The fact a booking event states, stamped with the instant booking wrote it (the envelope's occurredAt). */
export function bookingFactOf(message: BookingFactMessage): BookingFact {
  const p = message.payload;
  const common = {
    occurredAt: new Date(message.occurredAt),
    bookingId: p.bookingId,
    customerId: p.customerId,
    barberId: p.barberId,
    startsAt: new Date(p.startsAt),
    endsAt: new Date(p.endsAt),
  };
  switch (message.type) {
    case 'booking.created':
      return { ...common, kind: 'created', customerName: message.payload.customerName, serviceName: message.payload.serviceName };
    case 'booking.confirmed':
      return { ...common, kind: 'confirmed' };
    case 'booking.expired':
      return { ...common, kind: 'expired' };
    case 'booking.cancelled':
      return { ...common, kind: 'cancelled' };
    case 'booking.rescheduled':
      return { ...common, kind: 'rescheduled', paid: message.payload.status === 'confirmed' };
  }
}

/**
 * DESIGN §6.2, inside the inbox transaction of booking.created / rescheduled / confirmed / expired / cancelled.
 * The first fact of a booking, whichever it is, creates its appointment under the id booking
 * already knows (`appointmentIdOf(bookingId)`) and writes appointment.updated; a later one moves
 * it by the ordering rule of domain/appointment.ts and writes appointment.updated when something
 * visible changed. appointment.created (so booking records the link) is written only when the
 * fact says booking has no link: a booking made before ids were derived (docs/architecture.md).
 */
@Injectable()
export class ApplyBookingFactUseCase {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * `bookingLinked: false` says the booking has no appointment id (a v1 booking.created, or a
   * booking.confirmed with `appointmentId: null`, e.g. re-sent by booking's reconciler because the
   * link went missing): the appointment then announces itself (appointment.created) and booking
   * records the link. `true` or unknown (the other facts do not say): no announcement.
   */
  async execute(manager: EntityManager, fact: BookingFact, options: { bookingLinked?: boolean } = {}): Promise<Appointment> {
    const now = this.clock.now();
    // A booking's first fact is nearly always `created`: insert straight away, and read only
    // when the appointment is there already (one round trip fewer per booking).
    let current = fact.kind === 'created' ? null : await appointmentRepository.lockByBookingId(manager, fact.bookingId);
    if (!current) {
      const created = appointmentFromFact(appointmentIdOf(fact.bookingId), fact, now);
      if (await appointmentRepository.insertIfAbsent(manager, created)) {
        await this.outbox.publishMany(manager, [
          ...(options.bookingLinked === false ? [{ type: 'appointment.created' as const, payload: appointmentCreatedPayload(created) }] : []),
          { type: 'appointment.updated', payload: appointmentUpdatedPayload(created) },
        ]);
        return created;
      }
      // A concurrent first fact of the same booking inserted it (and has committed): apply to that.
      current = await appointmentRepository.lockByBookingId(manager, fact.bookingId);
      if (!current) throw new Error(`appointment of booking ${fact.bookingId} vanished`);
    }
    if (options.bookingLinked === false) {
      await this.outbox.publish(manager, 'appointment.created', appointmentCreatedPayload(current));
    }
    const { appointment, changed } = applyBookingFact(current, fact, now);
    if (appointment === current) return current;
    await appointmentRepository.save(manager, appointment);
    if (changed) await this.outbox.publish(manager, 'appointment.updated', appointmentUpdatedPayload(appointment));
    return appointment;
  }
}
