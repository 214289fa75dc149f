import { LONDON } from '../../../test/support/calendar';
import { APPOINTMENTS_RPC, AppointmentResource, DomainError } from '@app/contracts';
import { RpcContextInterceptor, RpcErrorsFilter } from '@app/platform';
import { Controller, INestMicroservice, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { KNOWN_BARBER_ID } from './fake-booking-service';
import { testNestLogger } from './gateway-test-app';
import type { Json } from '../../../test/support/http-client';

export type AppointmentsPattern = (typeof APPOINTMENTS_RPC)[keyof typeof APPOINTMENTS_RPC];
type Behaviour = (data: Record<string, Json>) => unknown;

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

function known(data: Record<string, Json>): AppointmentResource {
  if (data.appointmentId !== KNOWN_APPOINTMENT_ID) throw new DomainError('APPOINTMENT_NOT_FOUND', 'There is no such appointment.');
  return appointmentResource({ id: KNOWN_APPOINTMENT_ID });
}

const DEFAULTS: Record<AppointmentsPattern, Behaviour> = {
  [APPOINTMENTS_RPC.health]: () => ({ status: 'ok' }),
  [APPOINTMENTS_RPC.listDay]: (data) => [
    appointmentResource({ barberId: data.barberId, startsAt: `${data.date}T09:00:00.000Z`, endsAt: `${data.date}T09:30:00.000Z` }),
    appointmentResource({ barberId: data.barberId, startsAt: `${data.date}T10:00:00.000Z`, endsAt: `${data.date}T10:30:00.000Z` }),
  ],
  [APPOINTMENTS_RPC.listCalendar]: (data) => [appointmentResource({ barberId: data.barberId })],
  [APPOINTMENTS_RPC.get]: known,
  [APPOINTMENTS_RPC.complete]: (data) => ({ ...known(data), status: 'completed' }),
  [APPOINTMENTS_RPC.noShow]: (data) => ({ ...known(data), status: 'no_show' }),
};

@Injectable()
export class FakeAppointments {
  readonly calls: Array<{ pattern: AppointmentsPattern; data: Record<string, Json> }> = [];
  private readonly overrides = new Map<AppointmentsPattern, Behaviour>();

  answer(pattern: AppointmentsPattern, data: Record<string, Json>): unknown {
    this.calls.push({ pattern, data });
    return (this.overrides.get(pattern) ?? DEFAULTS[pattern])(data);
  }

  on(pattern: AppointmentsPattern, behaviour: Behaviour): void {
    this.overrides.set(pattern, behaviour);
  }

  callsTo(pattern: AppointmentsPattern) {
    return this.calls.filter((call) => call.pattern === pattern);
  }

  reset(): void {
    this.calls.length = 0;
    this.overrides.clear();
  }
}

@Controller()
class FakeAppointmentsRpcController {
  constructor(private readonly fake: FakeAppointments) {}

  @MessagePattern(APPOINTMENTS_RPC.health)
  health(@Payload() data: Record<string, Json>) {
    return this.fake.answer(APPOINTMENTS_RPC.health, data);
  }

  @MessagePattern(APPOINTMENTS_RPC.listDay)
  listDay(@Payload() data: Record<string, Json>) {
    return this.fake.answer(APPOINTMENTS_RPC.listDay, data);
  }

  @MessagePattern(APPOINTMENTS_RPC.get)
  get(@Payload() data: Record<string, Json>) {
    return this.fake.answer(APPOINTMENTS_RPC.get, data);
  }

  @MessagePattern(APPOINTMENTS_RPC.complete)
  complete(@Payload() data: Record<string, Json>) {
    return this.fake.answer(APPOINTMENTS_RPC.complete, data);
  }

  @MessagePattern(APPOINTMENTS_RPC.noShow)
  noShow(@Payload() data: Record<string, Json>) {
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
