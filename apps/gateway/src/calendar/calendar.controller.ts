import type { Actor } from '@app/contracts';
import { APPOINTMENTS_RPC, BOOKING_RPC, DomainError } from '@app/contracts';
import { Controller, Get, Header, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../http/api-errors.decorator';
import { UuidParam } from '../http/validation';
import { APPOINTMENTS_CLIENT, AppointmentsClient, BOOKING_CLIENT, BookingClient } from '../rpc-clients/booking.client';
import { toActor } from '../users/persistence/user.mapper';
import { UserRepository } from '../users/persistence/user.repository';
import { newCalendarKey } from './calendar-key';
import { barberCalendar, bookingCalendar } from './calendar-feed';

/** How much of a barber's calendar a subscription carries: recent history and what is booked ahead. */
const FEED_PAST_DAYS = 60;
const FEED_FUTURE_DAYS = 180;
const DAY_MS = 86_400_000;
const ICS = 'text/calendar; charset=utf-8';

class CalendarKeyResponse {
  @ApiProperty({ description: 'The new key; the old subscription link stops working.' })
  calendarKey!: string;
}

@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(
    private readonly users: UserRepository,
    @Inject(BOOKING_CLIENT) private readonly booking: BookingClient,
    @Inject(APPOINTMENTS_CLIENT) private readonly appointments: AppointmentsClient,
  ) {}

  @Get('barbers/:id/calendar.ics')
  @Public()
  @Header('Content-Type', ICS)
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOperation({
    summary: "A barber's appointments as an iCalendar feed to subscribe to",
    description:
      'Paid and completed appointments from 60 days back to 180 days ahead. The key is the barber’s (GET /me shows it ' +
      'to them as calendarKey); any other key, or a deactivated account’s, is 404.',
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'An iCalendar (RFC 5545) document.', schema: { type: 'string' } })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'SERVICE_UNAVAILABLE')
  async barberFeed(@UuidParam('id') barberId: string, @Query('key') key: unknown): Promise<string> {
    const account = typeof key === 'string' && key.length > 0 && key.length <= 100 ? await this.users.findByCalendarKey(barberId, key) : null;
    if (!account) throw new DomainError('NOT_FOUND', 'There is no such calendar. Copy the link again from your calendar page.');
    const actor = toActor(account);
    const now = Date.now();
    const [barber, appointments] = await Promise.all([
      this.booking.send(BOOKING_RPC.getBarber, { barberId, actor }),
      this.appointments.send(APPOINTMENTS_RPC.listCalendar, {
        actor,
        barberId,
        from: new Date(now - FEED_PAST_DAYS * DAY_MS).toISOString(),
        to: new Date(now + FEED_FUTURE_DAYS * DAY_MS).toISOString(),
      }),
    ]);
    return barberCalendar(barber.name, appointments);
  }

  @Get('bookings/:id/calendar.ics')
  @Roles('customer')
  @Header('Content-Type', ICS)
  @Header('Content-Disposition', 'attachment; filename="barbershop-booking.ics"')
  @ApiOperation({ summary: 'A confirmed booking as one calendar event ("add to my calendar")', description: 'Its customer.' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'An iCalendar (RFC 5545) document with one VEVENT.', schema: { type: 'string' } })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'BOOKING_NOT_FOUND', 'BOOKING_NOT_CONFIRMED', 'SERVICE_UNAVAILABLE')
  async bookingEvent(@UuidParam('id') bookingId: string, @CurrentUser() actor: Actor, @Req() request: FastifyRequest): Promise<string> {
    const booking = await this.booking.send(BOOKING_RPC.getBooking, { actor, bookingId });
    if (booking.customerId !== actor.userId) throw new DomainError('FORBIDDEN', 'Only the customer who made this booking can add it to a calendar.');
    if (booking.status !== 'confirmed') {
      throw new DomainError('BOOKING_NOT_CONFIRMED', `This booking is ${booking.status.replace('_', ' ')}: only a confirmed booking goes in a calendar.`);
    }
    return bookingCalendar(booking, `${request.protocol}://${request.host}/app/bookings/${booking.id}`);
  }

  @Post('me/calendar-key')
  @Roles('barber')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace my calendar subscription key', description: 'Barbers. Calendars subscribed with the old link stop updating.' })
  @ApiOkResponse({ type: CalendarKeyResponse })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
  async replaceKey(@CurrentUser() actor: Actor): Promise<CalendarKeyResponse> {
    const calendarKey = newCalendarKey();
    await this.users.replaceCalendarKey(actor.userId, calendarKey);
    return { calendarKey };
  }
}
