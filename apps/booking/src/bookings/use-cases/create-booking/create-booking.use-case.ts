import { CLOCK, Clock, isConstraintViolation, pgErrorOf, UNIQUE_VIOLATION } from '@app/platform';
import { Actor, CheckoutTerms, CreateBookingRequest, appointmentIdOf, parseActor, requireRole } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BarberInactiveError } from '../../../barbers/domain/barber.errors';
import { BOOKING_CONFIG, BookingConfig } from '../../../booking.config';
import { ServiceInactiveError, ServiceNotFoundError } from '../../../catalog/domain/service.errors';
import { lockIdempotencyKey } from '../../../shared/persistence/sql';
import { SlotNotFoundError } from '../../../slots/domain/slot.errors';
import { slotChangedPayload } from '../../../slots/persistence/slot.mapper';
import { slotRepository } from '../../../slots/persistence/slot.repository';
import { Booking } from '../../domain/booking';
import {
  IdempotencyKeyReusedError,
  ServiceDoesNotFitError,
  SlotInPastError,
  SlotTooSoonError,
  SlotUnavailableError,
} from '../../domain/booking.errors';
import { CreateBookingCommand, validateCreateBooking } from '../../domain/booking-request';
import { checkoutTermsOf } from '../../domain/checkout-terms';
import { selectSlotChain } from '../../domain/slot-chain';
import { bookingCreatedPayload } from '../../persistence/booking.mapper';
import { bookingRequestRepository } from '../../persistence/booking-request.repository';
import { bookingRepository, IDEMPOTENCY_KEY_CONSTRAINT } from '../../persistence/booking.repository';

export interface CreatedBooking {
  booking: Booking;
  /** false when an earlier request with the same Idempotency-Key created it. */
  created: boolean;
}

/** The answer also says what is due now, so the gateway opens Checkout without asking again. */
export interface CreatedBookingWithTerms extends CreatedBooking {
  checkoutTerms: CheckoutTerms | null;
}

/**
 * DESIGN §6.1: one transaction takes every slot the service needs (available → held, a
 * conditional update, so of racing requests exactly one wins), inserts the booking
 * pending_payment/unpaid and writes booking.created and slot.changed to the outbox. Any slot
 * not available: nothing changes, SLOT_UNAVAILABLE. The database's constraints refuse what
 * the code might still get wrong; their violations are SLOT_UNAVAILABLE too.
 */
@Injectable()
export class CreateBookingUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BOOKING_CONFIG) private readonly config: BookingConfig,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(request: CreateBookingRequest): Promise<CreatedBookingWithTerms> {
    const result = await this.createOrReplay(request);
    return { ...result, checkoutTerms: checkoutTermsOf(result.booking, this.clock.now()) };
  }

  private async createOrReplay(request: CreateBookingRequest): Promise<CreatedBooking> {
    const actor = parseActor(request?.actor);
    requireRole(actor, 'customer');
    const command = validateCreateBooking(request);
    const earlier = await this.earlierBooking(actor, command);
    if (earlier) return earlier;
    try {
      return await this.create(actor, command);
    } catch (error) {
      if (command.idempotencyKey && (error instanceof SlotUnavailableError || isIdempotencyKeyViolation(error))) {
        // The same key's first request got there first (its slots, or its key): answer with its booking.
        const winner = await this.earlierBooking(actor, command);
        if (winner) return winner;
      }
      if (isConstraintViolation(error)) throw new SlotUnavailableError();
      throw error;
    }
  }

  private async create(actor: Actor, command: CreateBookingCommand): Promise<CreatedBooking> {
    const now = this.clock.now();
    const reader = this.dataSource.manager;
    const { service, slot: first, barber } = await bookingRequestRepository.load(reader, command.slotId, command.serviceId);
    if (!service) throw new ServiceNotFoundError();
    if (!service.active) throw new ServiceInactiveError(service.name);
    if (!first) throw new SlotNotFoundError();
    // The booking keeps the barber's name and zone as they are now (DESIGN §4).
    if (!barber) throw new SlotNotFoundError();
    if (!barber.active) throw new BarberInactiveError(barber.name);
    if (first.startsAt.getTime() <= now.getTime()) throw new SlotInPastError();
    if (first.startsAt.getTime() < now.getTime() + this.config.minNoticeMinutes * 60_000) throw new SlotTooSoonError(this.config.minNoticeMinutes);
    // Shortcuts for the obvious losers of a race (most requests when one slot is contended: no
    // further query); the conditional update below decides.
    if (first.status !== 'available') throw new SlotUnavailableError();
    const serviceEnd = new Date(first.startsAt.getTime() + service.durationMinutes * 60_000);
    // A service that fits its first slot (the usual case) needs no further slots: no query for them.
    const following =
      serviceEnd.getTime() <= first.endsAt.getTime() ? [] : await slotRepository.listStartingBetween(reader, first.barberId, first.endsAt, serviceEnd);
    const chain = selectSlotChain(first, following, service.durationMinutes);
    if (!chain) throw new ServiceDoesNotFitError(service.durationMinutes);
    if (chain.some((slot) => slot.status !== 'available')) throw new SlotUnavailableError();

    return this.dataSource.transaction(async (manager) => {
      if (command.idempotencyKey) {
        await lockIdempotencyKey(manager, actor.userId, command.idempotencyKey);
        const existing = await bookingRepository.findByIdempotencyKey(manager, actor.userId, command.idempotencyKey);
        if (existing) return replay(existing, command);
      }
      const bookingId = randomUUID();
      const held = await slotRepository.hold(
        manager,
        chain.map((slot) => slot.id),
        bookingId,
        now,
      );
      if (held.length !== chain.length) throw new SlotUnavailableError();

      const booking: Booking = {
        id: bookingId,
        customerId: actor.userId,
        customerName: actor.name,
        customerEmail: actor.email,
        barberId: first.barberId,
        barberName: barber.name,
        timeZone: barber.timeZone,
        serviceId: service.id,
        serviceName: service.name,
        slotIds: held.map((slot) => slot.id),
        startsAt: held[0].startsAt,
        endsAt: held[held.length - 1].endsAt,
        priceCents: service.priceCents,
        currency: service.currency,
        status: 'pending_payment',
        paymentStatus: 'unpaid',
        holdExpiresAt: new Date(now.getTime() + this.config.holdMinutes * 60_000),
        // Known at once (derived from the booking's id): appointments creates it under this id, no link message.
        appointmentId: appointmentIdOf(bookingId),
        cancellationReason: null,
        cancelledBy: null,
        rescheduledFrom: null,
        idempotencyKey: command.idempotencyKey,
        checkout: null,
        paymentId: null,
        createdAt: now,
        updatedAt: now,
      };
      // Its constraints answer at the COMMIT (SEND_WITH_NEXT): createOrReplay handles them.
      await bookingRepository.insert(manager, booking);
      const slotsChanged = slotChangedPayload(booking.barberId, { current: held });
      await this.outbox.publishMany(manager, [
        { type: 'booking.created', payload: bookingCreatedPayload(booking) },
        ...(slotsChanged ? [{ type: 'slot.changed' as const, payload: slotsChanged }] : []),
      ]);
      return { booking, created: true };
    });
  }

  private async earlierBooking(actor: Actor, command: CreateBookingCommand): Promise<CreatedBooking | null> {
    if (!command.idempotencyKey) return null;
    const existing = await bookingRepository.findByIdempotencyKey(this.dataSource.manager, actor.userId, command.idempotencyKey);
    return existing ? replay(existing, command) : null;
  }
}

/** The same key means the same request: a different slot or service under it is a client bug. */
function replay(existing: Booking, command: CreateBookingCommand): CreatedBooking {
  if (existing.serviceId !== command.serviceId || existing.slotIds[0] !== command.slotId) throw new IdempotencyKeyReusedError();
  return { booking: existing, created: false };
}

function isIdempotencyKeyViolation(error: unknown): boolean {
  const { code, constraint } = pgErrorOf(error);
  return code === UNIQUE_VIOLATION && constraint === IDEMPOTENCY_KEY_CONSTRAINT;
}
