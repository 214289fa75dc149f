import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { GATEWAY_CONFIG, GatewayConfig, ServiceName } from '../gateway.config';
import {
  APPOINTMENTS_CLIENT,
  AppointmentsClient,
  BOOKING_CLIENT,
  BookingClient,
  PAYMENTS_CLIENT,
  PaymentsClient,
} from './booking.client';

function tcpProxy(config: GatewayConfig, service: ServiceName) {
  const { host, port } = config.services[service];
  return ClientProxyFactory.create({ transport: Transport.TCP, options: { host, port } });
}

@Injectable()
class CloseClientsOnShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(BOOKING_CLIENT) private readonly booking: BookingClient,
    @Inject(PAYMENTS_CLIENT) private readonly payments: PaymentsClient,
    @Inject(APPOINTMENTS_CLIENT) private readonly appointments: AppointmentsClient,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.booking.close(), this.payments.close(), this.appointments.close()]);
  }
}

/** One TCP client per service, connected lazily (the gateway starts even when a service is down). */
@Global()
@Module({
  providers: [
    {
      provide: BOOKING_CLIENT,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => new BookingClient('booking', tcpProxy(config, 'booking'), config.rpcTimeoutMs),
    },
    {
      provide: PAYMENTS_CLIENT,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => new PaymentsClient('payments', tcpProxy(config, 'payments'), config.rpcTimeoutMs),
    },
    {
      provide: APPOINTMENTS_CLIENT,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) =>
        new AppointmentsClient('appointments', tcpProxy(config, 'appointments'), config.rpcTimeoutMs),
    },
    CloseClientsOnShutdown,
  ],
  exports: [BOOKING_CLIENT, PAYMENTS_CLIENT, APPOINTMENTS_CLIENT],
})
export class RpcClientsModule {}
