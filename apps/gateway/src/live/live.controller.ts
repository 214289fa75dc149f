import type { Actor } from '@app/contracts';
import { BOOKING_RPC, DomainError } from '@app/contracts';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AcceptsQueryToken, AdminOrOwnBarber, CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../http/api-errors.decorator';
import { UuidParam } from '../http/validation';
import { BOOKING_CLIENT, BookingClient } from '../rpc-clients/booking.client';
import { LiveFeed, REPLAY_BUFFER_SIZE } from './live-feed';
import { openSseStream } from './sse-stream';

const SSE_DESCRIPTION =
  'Server-Sent Events. Each message has `id` (`<message id>:<index>`), `event` and `data` (the changed resource as JSON, ' +
  'in the shape the REST API returns it, at least its id and new status). A `: heartbeat` comment every 15 s keeps idle ' +
  `connections open. Reconnecting with \`Last-Event-ID\` replays the changes after that id while it is among the last ` +
  `${REPLAY_BUFFER_SIZE} this gateway saw; otherwise nothing is replayed, so a client should re-fetch the current state ` +
  '(the REST endpoint) whenever it (re)connects. Auth by `Authorization: Bearer` or `?access_token=` (EventSource cannot send headers).';

const accessTokenQuery = ApiQuery({ name: 'access_token', required: false, description: 'The access token, for EventSource' });
const lastEventIdHeader = ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The last id received before a reconnect' });

@ApiTags('live')
@Controller()
export class LiveController {
  constructor(
    private readonly feed: LiveFeed,
    @Inject(BOOKING_CLIENT) private readonly bookings: BookingClient,
  ) {}

  @Get('barbers/:id/slots/live')
  @Public()
  @ApiOperation({ summary: "Live slot status changes of one barber (SSE event `slot.updated`)", description: SSE_DESCRIPTION })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream of `slot.updated` with `{id, barberId, startsAt, endsAt, status}`' })
  @lastEventIdHeader
  @ApiErrors('VALIDATION_FAILED')
  slots(@UuidParam('id') barberId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    openSseStream(this.feed, request, reply, (change) => change.event === 'slot.updated' && change.barberId === barberId);
  }

  @Get('barbers/:id/appointments/live')
  @AdminOrOwnBarber('id')
  @AcceptsQueryToken()
  @ApiOperation({ summary: "Live appointment changes of one barber (SSE event `appointment.updated`)", description: `That barber, or an admin. ${SSE_DESCRIPTION}` })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream of `appointment.updated` with the appointment resource' })
  @accessTokenQuery
  @lastEventIdHeader
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN')
  appointments(@UuidParam('id') barberId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    openSseStream(this.feed, request, reply, (change) => change.event === 'appointment.updated' && change.barberId === barberId);
  }

  @Get('bookings/:id/live')
  @Roles('customer')
  @AcceptsQueryToken()
  @ApiOperation({ summary: 'Live status changes of one booking (SSE event `booking.updated`)', description: `Its customer only. ${SSE_DESCRIPTION}` })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream of `booking.updated` with `{id, status, paymentStatus, customerId, barberId, slotIds, startsAt, endsAt, ...}`' })
  @accessTokenQuery
  @lastEventIdHeader
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'BOOKING_NOT_FOUND', 'SERVICE_UNAVAILABLE')
  async bookingFeed(
    @UuidParam('id') bookingId: string,
    @CurrentUser() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const booking = await this.bookings.send(BOOKING_RPC.getBooking, { actor, bookingId });
    if (booking.customerId !== actor.userId) {
      throw new DomainError('FORBIDDEN', 'Only the customer who made this booking can follow it.');
    }
    openSseStream(
      this.feed,
      request,
      reply,
      (change) => change.event === 'booking.updated' && change.bookingId === bookingId && change.customerId === actor.userId,
    );
  }
}
