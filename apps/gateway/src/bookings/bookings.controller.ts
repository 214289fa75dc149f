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
import { toBookingResponse } from './booking.mapper';
import { IdempotencyKey } from './idempotency-key.decorator';
import {
  BookingResponse,
  CancelBookingDto,
  CreateBookingDto,
  LIST_LIMIT_DEFAULT,
  ListBookingsQueryDto,
} from './dto/booking.dto';

@ApiTags('bookings')
@Controller('bookings')
export class BookingsController {
  constructor(@Inject(BOOKING_CLIENT) private readonly booking: BookingClient) {}

  @Post()
  @Roles('customer')
  @RateLimit('bookings')
  @ApiOperation({
    summary: 'Book a slot: holds it (and the following ones a longer service needs) while the customer pays',
    description:
      '201 with the new booking; 200 with the earlier one when the same customer repeats an Idempotency-Key. ' +
      '`checkout` is null until payments are wired in.',
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
    const { booking, created } = await this.booking.send(BOOKING_RPC.createBooking, {
      actor,
      slotId: body.slotId,
      serviceId: body.serviceId,
      idempotencyKey,
    });
    void reply.status(created ? 201 : 200);
    return toBookingResponse(booking);
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
    return bookings.map(toBookingResponse);
  }

  @Get(':id')
  @SignedIn()
  @ApiOperation({ summary: 'One booking', description: 'Its customer, its barber, or an admin.' })
  @ApiOkResponse({ type: BookingResponse })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'BOOKING_NOT_FOUND', 'SERVICE_UNAVAILABLE')
  async get(@UuidParam('id') bookingId: string, @CurrentUser() actor: Actor): Promise<BookingResponse> {
    return toBookingResponse(await this.booking.send(BOOKING_RPC.getBooking, { actor, bookingId }));
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
    return toBookingResponse(await this.booking.send(BOOKING_RPC.cancelBooking, { actor, bookingId, reason: body.reason ?? null }));
  }
}
