import type { Actor } from '@app/contracts';
import { BOOKING_RPC } from '@app/contracts';
import { Body, Controller, Delete, Get, HttpCode, Inject, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOrOwnBarber, CurrentUser, OptionalUser, Public, PublicReadsOptionalUser, Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../http/api-errors.decorator';
import { UuidParam } from '../http/validation';
import { BOOKING_CLIENT, BookingClient } from '../rpc-clients/booking.client';
import {
  AddTimeOffDto,
  AvailabilityPreviewResponse,
  AvailabilityResponse,
  AvailabilityTemplateResponse,
  BarberResponse,
  CreateBarberDto,
  ListBarbersQueryDto,
  ListSlotsQueryDto,
  SetAvailabilityDto,
  SlotResponse,
  TimeOffResponse,
  UpdateBarberDto,
} from './dto/barber.dto';

@ApiTags('barbers')
@Controller('barbers')
export class BarbersController {
  constructor(@Inject(BOOKING_CLIENT) private readonly booking: BookingClient) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a barber' })
  @ApiCreatedResponse({ type: BarberResponse })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_TIME_ZONE', 'UNAUTHORIZED', 'FORBIDDEN', 'PAYLOAD_TOO_LARGE', 'SERVICE_UNAVAILABLE')
  create(@Body() body: CreateBarberDto, @CurrentUser() actor: Actor): Promise<BarberResponse> {
    return this.booking.send(BOOKING_RPC.createBarber, {
      actor,
      name: body.name,
      timeZone: body.timeZone,
      description: body.description ?? null,
    });
  }

  @Get()
  @PublicReadsOptionalUser()
  @ApiOperation({ summary: 'Active barbers, by name', description: 'With includeInactive=true (admins only) the deactivated ones too.' })
  @ApiOkResponse({ type: [BarberResponse] })
  @ApiErrors('VALIDATION_FAILED', 'FORBIDDEN', 'SERVICE_UNAVAILABLE')
  list(@Query() query: ListBarbersQueryDto, @OptionalUser() actor: Actor | null): Promise<BarberResponse[]> {
    return this.booking.send(BOOKING_RPC.listBarbers, { actor, includeInactive: query.includeInactive === true });
  }

  @Get(':id')
  @PublicReadsOptionalUser()
  @ApiOperation({ summary: 'One barber', description: 'A deactivated barber is 404, except for an admin or that barber.' })
  @ApiOkResponse({ type: BarberResponse })
  @ApiErrors('VALIDATION_FAILED', 'BARBER_NOT_FOUND', 'SERVICE_UNAVAILABLE')
  get(@UuidParam('id') barberId: string, @OptionalUser() actor: Actor | null): Promise<BarberResponse> {
    return this.booking.send(BOOKING_RPC.getBarber, { barberId, actor });
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Edit a barber (only the fields sent change)',
    description:
      'active:false hides the barber from customers and refuses new bookings (409 BARBER_INACTIVE); existing bookings stay. ' +
      "A new timeZone keeps the weekly hours as wall-clock times in the new zone: future free slots are laid out again, held and booked ones stay.",
  })
  @ApiOkResponse({ type: BarberResponse })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_TIME_ZONE', 'UNAUTHORIZED', 'FORBIDDEN', 'BARBER_NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'SERVICE_UNAVAILABLE')
  update(@UuidParam('id') barberId: string, @Body() body: UpdateBarberDto, @CurrentUser() actor: Actor): Promise<BarberResponse> {
    return this.booking.send(BOOKING_RPC.updateBarber, {
      actor,
      barberId,
      name: body.name,
      timeZone: body.timeZone,
      description: body.description,
      active: body.active,
    });
  }

  @Get(':id/availability')
  @Public()
  @ApiOperation({ summary: "The barber's weekly template", description: 'An empty week when the barber has no hours yet.' })
  @ApiOkResponse({ type: AvailabilityTemplateResponse })
  @ApiErrors('VALIDATION_FAILED', 'BARBER_NOT_FOUND', 'SERVICE_UNAVAILABLE')
  getAvailability(@UuidParam('id') barberId: string): Promise<AvailabilityTemplateResponse> {
    return this.booking.send(BOOKING_RPC.getAvailability, { barberId });
  }

  @Post(':id/availability/preview')
  @AdminOrOwnBarber('id')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What saving this weekly template would change, changing nothing',
    description: 'Slots added and removed per day, and held or booked slots outside the new hours (they are kept). Admin, or that barber.',
  })
  @ApiOkResponse({ type: AvailabilityPreviewResponse })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_AVAILABILITY', 'UNAUTHORIZED', 'FORBIDDEN', 'BARBER_NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'SERVICE_UNAVAILABLE')
  previewAvailability(
    @UuidParam('id') barberId: string,
    @Body() body: SetAvailabilityDto,
    @CurrentUser() actor: Actor,
  ): Promise<AvailabilityPreviewResponse> {
    return this.booking.send(BOOKING_RPC.previewAvailability, {
      actor,
      barberId,
      slotMinutes: body.slotMinutes,
      weekly: body.weekly.map(({ weekday, start, end }) => ({ weekday, start, end })),
    });
  }

  @Put(':id/availability')
  @AdminOrOwnBarber('id')
  @ApiOperation({
    summary: "Replace the barber's weekly template",
    description: 'Regenerates future free slots for SLOT_HORIZON_DAYS; held and booked slots are never touched. Admin, or that barber.',
  })
  @ApiOkResponse({ type: AvailabilityResponse })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_AVAILABILITY', 'UNAUTHORIZED', 'FORBIDDEN', 'BARBER_NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'SERVICE_UNAVAILABLE')
  setAvailability(
    @UuidParam('id') barberId: string,
    @Body() body: SetAvailabilityDto,
    @CurrentUser() actor: Actor,
  ): Promise<AvailabilityResponse> {
    return this.booking.send(BOOKING_RPC.setAvailability, {
      actor,
      barberId,
      slotMinutes: body.slotMinutes,
      weekly: body.weekly.map(({ weekday, start, end }) => ({ weekday, start, end })),
    });
  }

  @Post(':id/time-off')
  @AdminOrOwnBarber('id')
  @ApiOperation({
    summary: 'Block a period: free slots inside become blocked',
    description: 'Admin, or that barber. 409 SLOT_BOOKED names each booking in the way (customer, service, time).',
  })
  @ApiCreatedResponse({ type: TimeOffResponse })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_TIME_RANGE', 'UNAUTHORIZED', 'FORBIDDEN', 'BARBER_NOT_FOUND', 'SLOT_BOOKED', 'PAYLOAD_TOO_LARGE', 'SERVICE_UNAVAILABLE')
  addTimeOff(@UuidParam('id') barberId: string, @Body() body: AddTimeOffDto, @CurrentUser() actor: Actor): Promise<TimeOffResponse> {
    return this.booking.send(BOOKING_RPC.addTimeOff, {
      actor,
      barberId,
      startsAt: new Date(body.startsAt).toISOString(),
      endsAt: new Date(body.endsAt).toISOString(),
      reason: body.reason ?? null,
    });
  }

  @Get(':id/time-off')
  @AdminOrOwnBarber('id')
  @ApiOperation({ summary: "The barber's time off that is not over yet, by start", description: 'Admin, or that barber.' })
  @ApiOkResponse({ type: [TimeOffResponse] })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'BARBER_NOT_FOUND', 'SERVICE_UNAVAILABLE')
  listTimeOff(@UuidParam('id') barberId: string, @CurrentUser() actor: Actor): Promise<TimeOffResponse[]> {
    return this.booking.send(BOOKING_RPC.listTimeOff, { actor, barberId });
  }

  @Delete(':id/time-off/:timeOffId')
  @AdminOrOwnBarber('id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove time off: its blocked slots become bookable again',
    description: 'Except where other time off still covers them. Admin, or that barber.',
  })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'BARBER_NOT_FOUND', 'TIME_OFF_NOT_FOUND', 'SERVICE_UNAVAILABLE')
  async removeTimeOff(
    @UuidParam('id') barberId: string,
    @UuidParam('timeOffId') timeOffId: string,
    @CurrentUser() actor: Actor,
  ): Promise<void> {
    await this.booking.send(BOOKING_RPC.removeTimeOff, { actor, barberId, timeOffId });
  }

  @Get(':id/slots')
  @Public()
  @ApiOperation({
    summary: "The barber's slots on one day, or over a range of at most 14 days (days in the barber's time zone), ordered by start",
  })
  @ApiOkResponse({ type: [SlotResponse] })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_DATE', 'INVALID_TIME_RANGE', 'BARBER_NOT_FOUND', 'SERVICE_UNAVAILABLE')
  listSlots(@UuidParam('id') barberId: string, @Query() query: ListSlotsQueryDto): Promise<SlotResponse[]> {
    return this.booking.send(BOOKING_RPC.listSlots, { barberId, date: query.date, from: query.from, to: query.to, status: query.status });
  }
}
