import { CLOCK, Clock } from '@app/platform';
import { MessageOf } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
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
 * The first fact of a booking, whichever it is, creates its appointment (appointment.created, so
 * booking records the link, and appointment.updated); a later one moves it by the ordering rule
 * of domain/appointment.ts and writes appointment.updated when something visible changed.
 */
@Injectable()
export class ApplyBookingFactUseCase {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * `bookingLinked: false` says the booking has no appointment id yet (a booking.confirmed with
   * `appointmentId: null`, e.g. re-sent by booking's reconciler because the link went missing):
   * an existing appointment then announces itself again, and booking records the link.
   */
  async execute(manager: EntityManager, fact: BookingFact, options: { bookingLinked?: boolean } = {}): Promise<Appointment> {
    const now = this.clock.now();
    let current = await appointmentRepository.lockByBookingId(manager, fact.bookingId);
    if (!current) {
      const created = appointmentFromFact(randomUUID(), fact, now);
      if (await appointmentRepository.insertIfAbsent(manager, created)) {
        await this.outbox.publishMany(manager, [
          { type: 'appointment.created', payload: appointmentCreatedPayload(created) },
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
