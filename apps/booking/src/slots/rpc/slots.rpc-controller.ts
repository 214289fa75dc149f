import { Controller } from '@nestjs/common';
import {
  AddTimeOffRequest,
  AvailabilityResource,
  BOOKING_RPC,
  ListSlotsRequest,
  SetAvailabilityRequest,
  SlotResource,
  TimeOffResource,
} from '@app/contracts';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { toSlotResource } from '../persistence/slot.mapper';
import { AddTimeOffUseCase } from '../use-cases/add-time-off/add-time-off.use-case';
import { ListSlotsUseCase } from '../use-cases/list-slots/list-slots.use-case';
import { SetAvailabilityUseCase } from '../use-cases/set-availability/set-availability.use-case';

@Controller()
export class SlotsRpcController {
  constructor(
    private readonly setAvailability: SetAvailabilityUseCase,
    private readonly addTimeOff: AddTimeOffUseCase,
    private readonly listSlots: ListSlotsUseCase,
  ) {}

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

  @MessagePattern(BOOKING_RPC.addTimeOff)
  async addBarberTimeOff(@Payload() request: AddTimeOffRequest): Promise<TimeOffResource> {
    const timeOff = await this.addTimeOff.execute(request);
    return {
      id: timeOff.id,
      barberId: timeOff.barberId,
      startsAt: timeOff.startsAt.toISOString(),
      endsAt: timeOff.endsAt.toISOString(),
      reason: timeOff.reason,
      blockedSlots: timeOff.blockedSlots,
    };
  }

  @MessagePattern(BOOKING_RPC.listSlots)
  async list(@Payload() request: ListSlotsRequest): Promise<SlotResource[]> {
    return (await this.listSlots.execute(request)).map(toSlotResource);
  }
}
