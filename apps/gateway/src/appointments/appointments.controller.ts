import type { Actor } from '@app/contracts';
import { APPOINTMENTS_RPC, BOOKING_RPC, DomainError } from '@app/contracts';
import { Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, SignedIn } from '../auth/auth.decorators';
import { ApiErrors } from '../http/api-errors.decorator';
import { UuidParam } from '../http/validation';
import { APPOINTMENTS_CLIENT, AppointmentsClient, BOOKING_CLIENT, BookingClient } from '../rpc-clients/booking.client';
import { AppointmentResponse, ListDayQueryDto } from './dto/appointment.dto';

@ApiTags('appointments')
@Controller('appointments')
export class AppointmentsController {
  constructor(
    @Inject(APPOINTMENTS_CLIENT) private readonly appointments: AppointmentsClient,
    @Inject(BOOKING_CLIENT) private readonly booking: BookingClient,
  ) {}

  @Get()
  @Roles('barber', 'admin')
  @ApiOperation({ summary: "A barber's day (date in the barber's time zone), ordered by start", description: 'That barber, or an admin.' })
  @ApiOkResponse({ type: [AppointmentResponse] })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'BARBER_NOT_FOUND', 'SERVICE_UNAVAILABLE')
  async listDay(@Query() query: ListDayQueryDto, @CurrentUser() actor: Actor): Promise<AppointmentResponse[]> {
    const barberId = query.barberId.toLowerCase();
    if (actor.role === 'barber' && actor.barberId?.toLowerCase() !== barberId) {
      throw new DomainError('FORBIDDEN', 'A barber can see only their own appointments.');
    }
    // The date is a day in the barber's zone, which the booking service knows.
    const barber = await this.booking.send(BOOKING_RPC.getBarber, { barberId, actor });
    return this.appointments.send(APPOINTMENTS_RPC.listDay, { actor, barberId, date: query.date, timeZone: barber.timeZone });
  }

  @Get(':id')
  @SignedIn()
  @ApiOperation({ summary: 'One appointment', description: 'Its customer, its barber, or an admin.' })
  @ApiOkResponse({ type: AppointmentResponse })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'APPOINTMENT_NOT_FOUND', 'SERVICE_UNAVAILABLE')
  get(@UuidParam('id') appointmentId: string, @CurrentUser() actor: Actor): Promise<AppointmentResponse> {
    return this.appointments.send(APPOINTMENTS_RPC.get, { actor, appointmentId });
  }

  @Post(':id/complete')
  @Roles('barber', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark an appointment completed',
    description: 'That barber, or an admin. Only a `paid` appointment whose start has passed; 409 otherwise.',
  })
  @ApiOkResponse({ type: AppointmentResponse })
  @ApiErrors(
    'VALIDATION_FAILED',
    'UNAUTHORIZED',
    'FORBIDDEN',
    'APPOINTMENT_NOT_FOUND',
    'APPOINTMENT_NOT_PAID',
    'APPOINTMENT_NOT_STARTED',
    'SERVICE_UNAVAILABLE',
  )
  complete(@UuidParam('id') appointmentId: string, @CurrentUser() actor: Actor): Promise<AppointmentResponse> {
    return this.appointments.send(APPOINTMENTS_RPC.complete, { actor, appointmentId });
  }

  @Post(':id/no-show')
  @Roles('barber', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark that the customer did not come',
    description: 'That barber, or an admin. Only a `paid` appointment whose start has passed; 409 otherwise.',
  })
  @ApiOkResponse({ type: AppointmentResponse })
  @ApiErrors(
    'VALIDATION_FAILED',
    'UNAUTHORIZED',
    'FORBIDDEN',
    'APPOINTMENT_NOT_FOUND',
    'APPOINTMENT_NOT_PAID',
    'APPOINTMENT_NOT_STARTED',
    'SERVICE_UNAVAILABLE',
  )
  noShow(@UuidParam('id') appointmentId: string, @CurrentUser() actor: Actor): Promise<AppointmentResponse> {
    return this.appointments.send(APPOINTMENTS_RPC.noShow, { actor, appointmentId });
  }
}
