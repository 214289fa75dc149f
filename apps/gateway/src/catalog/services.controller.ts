import type { Actor } from '@app/contracts';
import { BOOKING_RPC } from '@app/contracts';
import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../http/api-errors.decorator';
import { BOOKING_CLIENT, BookingClient } from '../rpc-clients/booking.client';
import { CreateServiceDto, ServiceResponse } from './dto/service.dto';

@ApiTags('catalog')
@Controller('services')
export class ServicesController {
  constructor(@Inject(BOOKING_CLIENT) private readonly booking: BookingClient) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a service to the catalog' })
  @ApiCreatedResponse({ type: ServiceResponse })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'PAYLOAD_TOO_LARGE', 'SERVICE_UNAVAILABLE')
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
  @Public()
  @ApiOperation({ summary: 'The catalog' })
  @ApiOkResponse({ type: [ServiceResponse] })
  @ApiErrors('SERVICE_UNAVAILABLE')
  list(): Promise<ServiceResponse[]> {
    return this.booking.send(BOOKING_RPC.listServices, {});
  }
}
