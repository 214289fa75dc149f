import {
  APPOINTMENTS_RPC,
  AppointmentResource,
  GetAppointmentRequest,
  ListCalendarRequest,
  ListDayRequest,
  MarkAppointmentRequest,
} from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { toAppointmentResource } from '../persistence/appointment.mapper';
import { GetAppointmentUseCase } from '../use-cases/get-appointment/get-appointment.use-case';
import { ListCalendarUseCase } from '../use-cases/list-calendar/list-calendar.use-case';
import { ListDayUseCase } from '../use-cases/list-day/list-day.use-case';
import { RecordVisitOutcomeUseCase } from '../use-cases/record-visit-outcome/record-visit-outcome.use-case';

@Controller()
export class AppointmentsRpcController {
  constructor(
    private readonly listDay: ListDayUseCase,
    private readonly getAppointment: GetAppointmentUseCase,
    private readonly recordVisitOutcome: RecordVisitOutcomeUseCase,
    private readonly listCalendar: ListCalendarUseCase,
  ) {}

  @MessagePattern(APPOINTMENTS_RPC.listDay)
  async day(@Payload() request: ListDayRequest): Promise<AppointmentResource[]> {
    return (await this.listDay.execute(request)).map(toAppointmentResource);
  }

  @MessagePattern(APPOINTMENTS_RPC.listCalendar)
  async calendar(@Payload() request: ListCalendarRequest): Promise<AppointmentResource[]> {
    return (await this.listCalendar.execute(request)).map(toAppointmentResource);
  }

  @MessagePattern(APPOINTMENTS_RPC.get)
  async get(@Payload() request: GetAppointmentRequest): Promise<AppointmentResource> {
    return toAppointmentResource(await this.getAppointment.execute(request));
  }

  @MessagePattern(APPOINTMENTS_RPC.complete)
  async complete(@Payload() request: MarkAppointmentRequest): Promise<AppointmentResource> {
    return toAppointmentResource(await this.recordVisitOutcome.execute(request, 'completed'));
  }

  @MessagePattern(APPOINTMENTS_RPC.noShow)
  async noShow(@Payload() request: MarkAppointmentRequest): Promise<AppointmentResource> {
    return toAppointmentResource(await this.recordVisitOutcome.execute(request, 'no_show'));
  }
}
