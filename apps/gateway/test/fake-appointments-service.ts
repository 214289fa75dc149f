import { LONDON } from '../../../test/support/calendar';
import {
  APPOINTMENTS_RPC,
  APPOINTMENTS_RPC_TABLE,
  AppointmentResource,
  AppointmentsRpcTable,
  DomainError,
  GetAppointmentRequest,
  ListDayRequest,
  MarkAppointmentRequest,
  RECONCILE_RPC,
  RpcPatternOf,
  RpcRequestOf,
  RpcResponseOf,
} from '@app/contracts';
import { RpcContextInterceptor, RpcErrorsFilter, RpcHandler } from '@app/platform';
import { Controller, INestMicroservice, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { KNOWN_BARBER_ID } from './fake-booking-service';
import { testNestLogger } from './gateway-test-app';

export type AppointmentsPattern = RpcPatternOf<AppointmentsRpcTable>;
/** What a pattern does: typed by the appointments RPC table, as the real handlers are. */
export type Behaviour<P extends AppointmentsPattern> = (
  data: RpcRequestOf<AppointmentsRpcTable, P>,
) => RpcResponseOf<AppointmentsRpcTable, P> | Promise<RpcResponseOf<AppointmentsRpcTable, P>>;
type Behaviours = { [P in AppointmentsPattern]: Behaviour<P> };

export const KNOWN_APPOINTMENT_ID = '22222222-2222-4222-8222-222222222222';

/** A working day derived from today: the fakes' resources lie in the future whenever the tests run. */
const DAY = LONDON.weekday();

export function appointmentResource(overrides: Partial<AppointmentResource> = {}): AppointmentResource {
  return {
    id: randomUUID(),
    bookingId: randomUUID(),
    barberId: KNOWN_BARBER_ID,
    customerId: randomUUID(),
    customerName: 'Pat',
    serviceName: 'Haircut',
    startsAt: `${DAY}T10:00:00.000Z`,
    endsAt: `${DAY}T10:30:00.000Z`,
    status: 'paid',
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

function known(data: { appointmentId: string }): AppointmentResource {
  if (data.appointmentId !== KNOWN_APPOINTMENT_ID) throw new DomainError('APPOINTMENT_NOT_FOUND', 'There is no such appointment.');
  return appointmentResource({ id: KNOWN_APPOINTMENT_ID });
}

const DEFAULTS: Behaviours = {
  [APPOINTMENTS_RPC.health]: () => ({ status: 'ok' }),
  [APPOINTMENTS_RPC.listDay]: (data) => [
    appointmentResource({ barberId: data.barberId, startsAt: `${data.date}T09:00:00.000Z`, endsAt: `${data.date}T09:30:00.000Z` }),
    appointmentResource({ barberId: data.barberId, startsAt: `${data.date}T10:00:00.000Z`, endsAt: `${data.date}T10:30:00.000Z` }),
  ],
  [APPOINTMENTS_RPC.listCalendar]: (data) => [appointmentResource({ barberId: data.barberId })],
  [APPOINTMENTS_RPC.get]: known,
  [APPOINTMENTS_RPC.complete]: (data) => ({ ...known(data), status: 'completed' }),
  [APPOINTMENTS_RPC.noShow]: (data) => ({ ...known(data), status: 'no_show' }),
  [RECONCILE_RPC.appointments]: () => ({}),
};

@Injectable()
export class FakeAppointments {
  /** Requests as the table's schema parsed them (the handlers are @RpcHandler, like the real service's). */
  readonly calls: Array<{ pattern: AppointmentsPattern; data: RpcRequestOf<AppointmentsRpcTable, AppointmentsPattern> }> = [];
  private readonly overrides: Partial<Behaviours> = {};

  answer<P extends AppointmentsPattern>(pattern: P, data: RpcRequestOf<AppointmentsRpcTable, P>): ReturnType<Behaviour<P>> {
    this.calls.push({ pattern, data });
    const behaviour = this.overrides[pattern] ?? DEFAULTS[pattern];
    return behaviour(data);
  }

  on<P extends AppointmentsPattern>(pattern: P, behaviour: Behaviour<P>): void {
    (this.overrides as Record<P, Behaviour<P>>)[pattern] = behaviour;
  }

  callsTo(pattern: AppointmentsPattern) {
    return this.calls.filter((call) => call.pattern === pattern);
  }

  reset(): void {
    this.calls.length = 0;
    for (const pattern of Object.keys(this.overrides)) delete this.overrides[pattern as AppointmentsPattern];
  }
}

@Controller()
class FakeAppointmentsRpcController {
  constructor(private readonly fake: FakeAppointments) {}

  @RpcHandler(APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.health)
  health(data: RpcRequestOf<AppointmentsRpcTable, typeof APPOINTMENTS_RPC.health>) {
    return this.fake.answer(APPOINTMENTS_RPC.health, data);
  }

  @RpcHandler(APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.listDay)
  listDay(data: ListDayRequest) {
    return this.fake.answer(APPOINTMENTS_RPC.listDay, data);
  }

  @RpcHandler(APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.get)
  get(data: GetAppointmentRequest) {
    return this.fake.answer(APPOINTMENTS_RPC.get, data);
  }

  @RpcHandler(APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.complete)
  complete(data: MarkAppointmentRequest) {
    return this.fake.answer(APPOINTMENTS_RPC.complete, data);
  }

  @RpcHandler(APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.noShow)
  noShow(data: MarkAppointmentRequest) {
    return this.fake.answer(APPOINTMENTS_RPC.noShow, data);
  }
}

@Module({ controllers: [FakeAppointmentsRpcController], providers: [FakeAppointments] })
class FakeAppointmentsModule {}

/** A stand-in for the appointments service: a real Nest TCP microservice answering APPOINTMENTS_RPC with canned data. */
export async function startFakeAppointmentsService(port: number): Promise<{ app: INestMicroservice; fake: FakeAppointments }> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(FakeAppointmentsModule, {
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port },
    logger: testNestLogger,
  });
  app.useGlobalFilters(new RpcErrorsFilter());
  app.useGlobalInterceptors(new RpcContextInterceptor());
  await app.listen();
  return { app, fake: app.get(FakeAppointments) };
}
