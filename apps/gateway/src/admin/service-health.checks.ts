import { APPOINTMENTS_RPC, BOOKING_RPC, PAYMENTS_RPC } from '@app/contracts';
import { HealthRegistry } from '@app/platform';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { GATEWAY_CONFIG, GatewayConfig, ServiceName } from '../gateway.config';
import {
  APPOINTMENTS_CLIENT,
  AppointmentsClient,
  BOOKING_CLIENT,
  BookingClient,
  PAYMENTS_CLIENT,
  PaymentsClient,
} from '../rpc-clients/booking.client';

const SERVICE_CHECK_TIMEOUT_MS = 1000;

/**
 * Adds to GET /health (database and Redis already) one check per service the gateway
 * needs (GATEWAY_HEALTH_SERVICES): its `*.health` RPC must answer within a second,
 * otherwise /health is 503 with that service's name `down`.
 */
@Injectable()
export class ServiceHealthChecks implements OnModuleInit {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly registry: HealthRegistry,
    private readonly indicators: HealthIndicatorService,
    @Inject(BOOKING_CLIENT) private readonly booking: BookingClient,
    @Inject(PAYMENTS_CLIENT) private readonly payments: PaymentsClient,
    @Inject(APPOINTMENTS_CLIENT) private readonly appointments: AppointmentsClient,
  ) {}

  onModuleInit(): void {
    const ping: Record<ServiceName, () => Promise<unknown>> = {
      booking: () => this.booking.send(BOOKING_RPC.health, {}, { timeoutMs: SERVICE_CHECK_TIMEOUT_MS }),
      payments: () => this.payments.send(PAYMENTS_RPC.health, {}, { timeoutMs: SERVICE_CHECK_TIMEOUT_MS }),
      appointments: () => this.appointments.send(APPOINTMENTS_RPC.health, {}, { timeoutMs: SERVICE_CHECK_TIMEOUT_MS }),
    };
    for (const service of this.config.healthServices) {
      this.registry.register(service, () =>
        this.indicators
          .check(service)
          .attempt(async () => {
            await ping[service]();
          })
          .withTimeout(SERVICE_CHECK_TIMEOUT_MS + 200),
      );
    }
  }
}
