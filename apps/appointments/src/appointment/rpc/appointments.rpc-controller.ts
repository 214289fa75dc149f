import { RpcHandler } from '@app/platform';
import {
  APPOINTMENTS_RPC,
  AppointmentResource,
  GetAppointmentRequest,
  ListCalendarRequest,
  ListDayRequest,
  MarkAppointmentRequest,
  APPOINTMENTS_RPC_TABLE,
} from '@app/contracts';
import { Controller } from '@nestjs/common';
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

  @RpcHandler(APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.listDay)
  async day(request: ListDayRequest): Promise<AppointmentResource[]> {
    return (await this.listDay.execute(request)).map(toAppointmentResource);
  }

  @RpcHandler(APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.listCalendar)
  async calendar(request: ListCalendarRequest): Promise<AppointmentResource[]> {
    return (await this.listCalendar.execute(request)).map(toAppointmentResource);
  }

  @RpcHandler(APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.get)
  async get(request: GetAppointmentRequest): Promise<AppointmentResource> {
    return toAppointmentResource(await this.getAppointment.execute(request));
  }

  @RpcHandler(APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.complete)
  async complete(request: MarkAppointmentRequest): Promise<AppointmentResource> {
    return toAppointmentResource(await this.recordVisitOutcome.execute(request, 'completed'));
  }

  @RpcHandler(APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.noShow)
  async noShow(request: MarkAppointmentRequest): Promise<AppointmentResource> {
    return toAppointmentResource(await this.recordVisitOutcome.execute(request, 'no_show'));
  }
}
