import { RpcContextInterceptor, RpcErrorsFilter } from '@app/platform';
import { applyDecorators, Controller, UseFilters, UseInterceptors } from '@nestjs/common';

/**
 * A gateway → booking RPC controller. The error filter and correlation interceptor are bound
 * here as well as globally: startServiceApp registers them on the microservice after
 * connectMicroservice() has already wired the message handlers, and Nest 12 ignores global
 * enhancers added after that ("registration must occur before initialization"), which would
 * turn every DomainError into a bare "Internal server error".
 */
export const RpcController = (): ClassDecorator =>
  applyDecorators(Controller(), UseFilters(new RpcErrorsFilter()), UseInterceptors(new RpcContextInterceptor()));
