import type { Actor } from '@app/contracts';
import { BOOKING_RPC } from '@app/contracts';
import { Body, Controller, Get, Inject, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, OptionalUser, Public, PublicReadsOptionalUser, Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../http/api-errors.decorator';
import { UuidParam } from '../http/validation';
import { BOOKING_CLIENT, BookingClient } from '../rpc-clients/booking.client';
import { CreateServiceDto, ListServicesQueryDto, ServiceResponse, UpdateServiceDto } from './dto/service.dto';

@ApiTags('catalog')
@Controller('services')
export class ServicesController {
  constructor(@Inject(BOOKING_CLIENT) private readonly booking: BookingClient) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a service to the catalog' })
  @ApiCreatedResponse({ type: ServiceResponse })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'SERVICE_NAME_TAKEN', 'PAYLOAD_TOO_LARGE', 'SERVICE_UNAVAILABLE')
  create(@Body() body: CreateServiceDto, @CurrentUser() actor: Actor): Promise<ServiceResponse> {
    return this.booking.send(BOOKING_RPC.createService, {
      actor,
      name: body.name,
      durationMinutes: body.durationMinutes,
      priceCents: body.priceCents,
      currency: body.currency,
    });
  }

  @Get()
  @PublicReadsOptionalUser()
  @ApiOperation({ summary: 'The catalog: offered services by name', description: 'With includeInactive=true (admins only) retired ones too.' })
  @ApiOkResponse({ type: [ServiceResponse] })
  @ApiErrors('VALIDATION_FAILED', 'FORBIDDEN', 'SERVICE_UNAVAILABLE')
  list(@Query() query: ListServicesQueryDto, @OptionalUser() actor: Actor | null): Promise<ServiceResponse[]> {
    return this.booking.send(BOOKING_RPC.listServices, { actor, includeInactive: query.includeInactive === true });
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One service, retired ones too (active:false)' })
  @ApiOkResponse({ type: ServiceResponse })
  @ApiErrors('VALIDATION_FAILED', 'SERVICE_NOT_FOUND', 'SERVICE_UNAVAILABLE')
  get(@UuidParam('id') serviceId: string): Promise<ServiceResponse> {
    return this.booking.send(BOOKING_RPC.getService, { serviceId });
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Edit a service (only the fields sent change)',
    description:
      'A new price or name never alters an existing booking. active:false retires it: hidden from GET /services, new bookings ' +
      'refused (409 SERVICE_INACTIVE). Two offered services cannot share a name (409 SERVICE_NAME_TAKEN).',
  })
  @ApiOkResponse({ type: ServiceResponse })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'SERVICE_NOT_FOUND', 'SERVICE_NAME_TAKEN', 'PAYLOAD_TOO_LARGE', 'SERVICE_UNAVAILABLE')
  update(@UuidParam('id') serviceId: string, @Body() body: UpdateServiceDto, @CurrentUser() actor: Actor): Promise<ServiceResponse> {
    return this.booking.send(BOOKING_RPC.updateService, {
      actor,
      serviceId,
      name: body.name,
      durationMinutes: body.durationMinutes,
      priceCents: body.priceCents,
      active: body.active,
    });
  }
}
