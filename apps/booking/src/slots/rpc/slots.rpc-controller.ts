import { RpcHandler } from '@app/platform';
import { Controller } from '@nestjs/common';
import {
  AddTimeOffRequest,
  AvailabilityPreviewResource,
  AvailabilityResource,
  AvailabilityTemplateResource,
  BOOKING_RPC,
  GetAvailabilityRequest,
  ListSlotsRequest,
  ListTimeOffRequest,
  RemoveTimeOffRequest,
  SetAvailabilityRequest,
  SlotResource,
  TimeOffResource,
  BOOKING_RPC_TABLE,
} from '@app/contracts';
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

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.getAvailability)
  weeklyAvailability(request: GetAvailabilityRequest): Promise<AvailabilityTemplateResource> {
    return this.getAvailability.execute(request);
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.setAvailability)
  async setWeeklyAvailability(request: SetAvailabilityRequest): Promise<AvailabilityResource> {
    const change = await this.setAvailability.execute(request);
    return {
      barberId: change.barberId,
      slotMinutes: change.slotMinutes,
      weekly: change.weekly,
      slotsRemoved: change.slotsRemoved,
      slotsCreated: change.slotsCreated,
    };
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.previewAvailability)
  previewWeeklyAvailability(request: SetAvailabilityRequest): Promise<AvailabilityPreviewResource> {
    return this.setAvailability.preview(request);
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.addTimeOff)
  async addBarberTimeOff(request: AddTimeOffRequest): Promise<TimeOffResource> {
    return toTimeOffResource(await this.addTimeOff.execute(request));
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.listTimeOff)
  async listBarberTimeOff(request: ListTimeOffRequest): Promise<TimeOffResource[]> {
    return (await this.listTimeOff.execute(request)).map(toTimeOffResource);
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.removeTimeOff)
  async removeBarberTimeOff(request: RemoveTimeOffRequest): Promise<TimeOffResource> {
    return toTimeOffResource(await this.removeTimeOff.execute(request));
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.listSlots)
  async list(request: ListSlotsRequest): Promise<SlotResource[]> {
    return (await this.listSlots.execute(request)).map(toSlotResource);
  }
}
