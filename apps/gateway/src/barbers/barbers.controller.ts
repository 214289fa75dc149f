import type { Actor } from '@app/contracts';
import { BOOKING_RPC } from '@app/contracts';
import { Body, Controller, Get, Inject, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOrOwnBarber, CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../http/api-errors.decorator';
import { UuidParam } from '../http/validation';
import { BOOKING_CLIENT, BookingClient } from '../rpc-clients/booking.client';
import {
  AddTimeOffDto,
  AvailabilityResponse,
  BarberResponse,
  CreateBarberDto,
  ListSlotsQueryDto,
  SetAvailabilityDto,
  SlotResponse,
  TimeOffResponse,
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
  @Public()
  @ApiOperation({ summary: 'Active barbers, by name' })
  @ApiOkResponse({ type: [BarberResponse] })
  @ApiErrors('SERVICE_UNAVAILABLE')
  list(): Promise<BarberResponse[]> {
    return this.booking.send(BOOKING_RPC.listBarbers, {});
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One active barber' })
  @ApiOkResponse({ type: BarberResponse })
  @ApiErrors('VALIDATION_FAILED', 'BARBER_NOT_FOUND', 'SERVICE_UNAVAILABLE')
  get(@UuidParam('id') barberId: string): Promise<BarberResponse> {
    return this.booking.send(BOOKING_RPC.getBarber, { barberId });
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
  @ApiOperation({ summary: 'Block a period: free slots inside become blocked', description: 'Admin, or that barber.' })
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
