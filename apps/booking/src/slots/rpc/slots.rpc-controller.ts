import { Controller } from '@nestjs/common';
import {
  AddTimeOffRequest,
  AvailabilityPreviewResource,
  AvailabilityResource,
  AvailabilityTemplateResource,
  BOOKING_RPC,
  ListSlotsRequest,
  ListTimeOffRequest,
  RemoveTimeOffRequest,
  SetAvailabilityRequest,
  SlotResource,
  TimeOffResource,
} from '@app/contracts';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { TimeOff } from '../domain/time-off';
import { toSlotResource } from '../persistence/slot.mapper';
import { AddTimeOffUseCase } from '../use-cases/add-time-off/add-time-off.use-case';
import { GetAvailabilityUseCase } from '../use-cases/get-availability/get-availability.use-case';
import { ListSlotsUseCase } from '../use-cases/list-slots/list-slots.use-case';
import { ListTimeOffUseCase } from '../use-cases/list-time-off/list-time-off.use-case';
import { RemoveTimeOffUseCase } from '../use-cases/remove-time-off/remove-time-off.use-case';
import { SetAvailabilityUseCase } from '../use-cases/set-availability/set-availability.use-case';

function toTimeOffResource(timeOff: TimeOff & { blockedSlots: number }): TimeOffResource {
  return {
    id: timeOff.id,
    barberId: timeOff.barberId,
    startsAt: timeOff.startsAt.toISOString(),
    endsAt: timeOff.endsAt.toISOString(),
    reason: timeOff.reason,
    blockedSlots: timeOff.blockedSlots,
  };
}

@Controller()
export class SlotsRpcController {
  constructor(
    private readonly setAvailability: SetAvailabilityUseCase,
    private readonly getAvailability: GetAvailabilityUseCase,
    private readonly addTimeOff: AddTimeOffUseCase,
    private readonly listTimeOff: ListTimeOffUseCase,
    private readonly removeTimeOff: RemoveTimeOffUseCase,
    private readonly listSlots: ListSlotsUseCase,
  ) {}

  @MessagePattern(BOOKING_RPC.getAvailability)
  weeklyAvailability(@Payload() request: { barberId?: unknown }): Promise<AvailabilityTemplateResource> {
    return this.getAvailability.execute(request);
  }

  @MessagePattern(BOOKING_RPC.setAvailability)
  async setWeeklyAvailability(@Payload() request: SetAvailabilityRequest): Promise<AvailabilityResource> {
    const change = await this.setAvailability.execute(request);
    return {
      barberId: change.barberId,
      slotMinutes: change.slotMinutes,
      weekly: change.weekly,
      slotsRemoved: change.slotsRemoved,
      slotsCreated: change.slotsCreated,
    };
  }

  @MessagePattern(BOOKING_RPC.previewAvailability)
  previewWeeklyAvailability(@Payload() request: SetAvailabilityRequest): Promise<AvailabilityPreviewResource> {
    return this.setAvailability.preview(request);
  }

  @MessagePattern(BOOKING_RPC.addTimeOff)
  async addBarberTimeOff(@Payload() request: AddTimeOffRequest): Promise<TimeOffResource> {
    return toTimeOffResource(await this.addTimeOff.execute(request));
  }

  @MessagePattern(BOOKING_RPC.listTimeOff)
  async listBarberTimeOff(@Payload() request: ListTimeOffRequest): Promise<TimeOffResource[]> {
    return (await this.listTimeOff.execute(request)).map(toTimeOffResource);
  }

  @MessagePattern(BOOKING_RPC.removeTimeOff)
  async removeBarberTimeOff(@Payload() request: RemoveTimeOffRequest): Promise<TimeOffResource> {
    return toTimeOffResource(await this.removeTimeOff.execute(request));
  }

  @MessagePattern(BOOKING_RPC.listSlots)
  async list(@Payload() request: ListSlotsRequest): Promise<SlotResource[]> {
    return (await this.listSlots.execute(request)).map(toSlotResource);
  }
}
