import type { Actor } from '@app/contracts';
import { BOOKING_RPC } from '@app/contracts';
import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles, SignedIn } from '../auth/auth.decorators';
import { ApiErrors } from '../http/api-errors.decorator';
import { UuidParam } from '../http/validation';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { BOOKING_CLIENT, BookingClient } from '../rpc-clients/booking.client';
import { BookingCheckouts } from './booking-checkouts';
import { IdempotencyKey } from './idempotency-key.decorator';
import {
  BookingResponse,
  CancelBookingDto,
  CreateBookingDto,
  LIST_LIMIT_DEFAULT,
  ListBookingsQueryDto,
  RescheduleBookingDto,
} from './dto/booking.dto';

@ApiTags('bookings')
@Controller('bookings')
export class BookingsController {
  constructor(
    @Inject(BOOKING_CLIENT) private readonly booking: BookingClient,
    private readonly checkouts: BookingCheckouts,
  ) {}

  @Post()
  @Roles('customer')
  @RateLimit('bookings')
  @ApiOperation({
    summary: 'Book a slot: holds it (and the following ones a longer service needs) while the customer pays',
    description:
      '201 with the new booking and its Stripe Checkout Session; 200 with the earlier one when the same customer ' +
      'repeats an Idempotency-Key. If Stripe cannot be reached the slots stay held, `checkout` is null and ' +
      '`POST /bookings/:id/checkout` tries again.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1 to 200 printable ASCII characters' })
  @ApiCreatedResponse({ type: BookingResponse })
  @ApiOkResponse({ type: BookingResponse, description: 'Replay of an earlier request with the same Idempotency-Key' })
  @ApiErrors(
    'VALIDATION_FAILED',
    'UNAUTHORIZED',
    'FORBIDDEN',
    'SLOT_NOT_FOUND',
    'SERVICE_NOT_FOUND',
    'SLOT_UNAVAILABLE',
    'BARBER_INACTIVE',
    'SERVICE_INACTIVE',
    'IDEMPOTENCY_KEY_REUSED',
    'SLOT_IN_PAST',
    'SERVICE_DOES_NOT_FIT',
    'PAYLOAD_TOO_LARGE',
    'SERVICE_UNAVAILABLE',
  )
  async create(
    @Body() body: CreateBookingDto,
    @IdempotencyKey() idempotencyKey: string | null,
    @CurrentUser() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BookingResponse> {
    // Booking answers what is due with the booking itself: two RPCs on this path, never three.
    const { booking, created, checkoutTerms } = await this.booking.send(BOOKING_RPC.createBooking, {
      actor,
      slotId: body.slotId,
      serviceId: body.serviceId,
      idempotencyKey,
    });
    void reply.status(created ? 201 : 200);
    const checkout = checkoutTerms ? await this.checkouts.tryCreate(checkoutTerms, actor) : null;
    return { ...booking, checkout };
  }

  @Post(':id/checkout')
  @Roles('customer')
  @RateLimit('bookings')
  @ApiOperation({
    summary: 'A Checkout Session for a booking still waiting for payment',
    description:
      'The open session when there is one, else a fresh one. Only for a `pending_payment` booking whose hold has not expired.',
  })
  @ApiCreatedResponse({ type: BookingResponse })
  @ApiErrors(
    'VALIDATION_FAILED',
    'UNAUTHORIZED',
    'FORBIDDEN',
    'BOOKING_NOT_FOUND',
    'CHECKOUT_NOT_AVAILABLE',
    'PAYMENT_PROVIDER_UNAVAILABLE',
    'SERVICE_UNAVAILABLE',
  )
  async checkout(@UuidParam('id') bookingId: string, @CurrentUser() actor: Actor): Promise<BookingResponse> {
    // Booking decides whether anything is due (and who may pay it); the gateway only forwards its terms.
    const terms = await this.booking.send(BOOKING_RPC.checkoutTerms, { actor, bookingId });
    const [booking, checkout] = await Promise.all([
      this.booking.send(BOOKING_RPC.getBooking, { actor, bookingId }),
      this.checkouts.create(terms, actor),
    ]);
    return { ...booking, checkout };
  }

  @Get()
  @SignedIn()
  @ApiOperation({
    summary: 'Bookings, newest first',
    description: 'A customer sees their own, a barber their barber’s, an admin all. Filters narrow what the caller may see.',
  })
  @ApiOkResponse({ type: [BookingResponse] })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'SERVICE_UNAVAILABLE')
  async list(@Query() query: ListBookingsQueryDto, @CurrentUser() actor: Actor): Promise<BookingResponse[]> {
    const bookings = await this.booking.send(BOOKING_RPC.listBookings, {
      actor,
      status: query.status,
      barberId: query.barberId,
      from: query.from === undefined ? undefined : new Date(query.from).toISOString(),
      to: query.to === undefined ? undefined : new Date(query.to).toISOString(),
      limit: query.limit ?? LIST_LIMIT_DEFAULT,
      offset: query.offset ?? 0,
    });
    return this.checkouts.attach(bookings);
  }

  @Get(':id')
  @SignedIn()
  @ApiOperation({ summary: 'One booking', description: 'Its customer, its barber, or an admin.' })
  @ApiOkResponse({ type: BookingResponse })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'BOOKING_NOT_FOUND', 'SERVICE_UNAVAILABLE')
  async get(@UuidParam('id') bookingId: string, @CurrentUser() actor: Actor): Promise<BookingResponse> {
    const [booking] = await this.checkouts.attach([await this.booking.send(BOOKING_RPC.getBooking, { actor, bookingId })]);
    return booking;
  }

  @Post(':id/cancel')
  @SignedIn()
  @HttpCode(200)
  @RateLimit('bookings')
  @ApiOperation({ summary: 'Cancel a booking, releasing its slots', description: 'Its customer, its barber, or an admin.' })
  @ApiOkResponse({ type: BookingResponse })
  @ApiErrors(
    'VALIDATION_FAILED',
    'UNAUTHORIZED',
    'FORBIDDEN',
    'BOOKING_NOT_FOUND',
    'BOOKING_NOT_CANCELLABLE',
    'PAYLOAD_TOO_LARGE',
    'SERVICE_UNAVAILABLE',
  )
  async cancel(@UuidParam('id') bookingId: string, @Body() body: CancelBookingDto, @CurrentUser() actor: Actor): Promise<BookingResponse> {
    const booking = await this.booking.send(BOOKING_RPC.cancelBooking, { actor, bookingId, reason: body.reason ?? null });
    return { ...booking, checkout: null };
  }

  @Post(':id/reschedule')
  @SignedIn()
  @HttpCode(200)
  @RateLimit('bookings')
  @ApiOperation({
    summary: 'Move a booking to another time of the same barber, keeping its price and payment',
    description:
      'Its customer until RESCHEDULE_WINDOW_HOURS before the current start; its barber or an admin until the start. In one ' +
      'transaction the new slots are taken (held for a pending booking, booked for a confirmed one) and the old ones released, ' +
      'or nothing changes. Nothing is charged or refunded; a pending booking keeps its hold’s end. The same Idempotency-Key ' +
      'from the same caller returns the same answer.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1 to 200 printable ASCII characters' })
  @ApiOkResponse({ type: BookingResponse })
  @ApiErrors(
    'VALIDATION_FAILED',
    'UNAUTHORIZED',
    'FORBIDDEN',
    'BOOKING_NOT_FOUND',
    'SLOT_NOT_FOUND',
    'SLOT_UNAVAILABLE',
    'SLOT_IN_PAST',
    'SLOT_TOO_SOON',
    'SERVICE_DOES_NOT_FIT',
    'BOOKING_NOT_RESCHEDULABLE',
    'IDEMPOTENCY_KEY_REUSED',
    'PAYLOAD_TOO_LARGE',
    'RATE_LIMITED',
    'SERVICE_UNAVAILABLE',
  )
  async reschedule(
    @UuidParam('id') bookingId: string,
    @Body() body: RescheduleBookingDto,
    @IdempotencyKey() idempotencyKey: string | null,
    @CurrentUser() actor: Actor,
  ): Promise<BookingResponse> {
    const booking = await this.booking.send(BOOKING_RPC.rescheduleBooking, { actor, bookingId, slotId: body.slotId, idempotencyKey });
    const [withCheckout] = await this.checkouts.attach([booking]);
    return withCheckout;
  }
}
