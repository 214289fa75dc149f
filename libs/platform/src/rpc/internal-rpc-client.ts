import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { requestContext } from '../logging';

/**
 * Service → service request/response over TCP (a reconciler asking the service that owns the
 * truth). Every request carries the correlation id of the work in hand and has a deadline; a
 * service that is down or silent rejects the promise, and the caller decides what that means.
 */
export class InternalRpcClient {
  private readonly proxy: ClientProxy;

  constructor(
    endpoint: { host: string; port: number },
    private readonly timeoutMs: number,
  ) {
    this.proxy = ClientProxyFactory.create({ transport: Transport.TCP, options: endpoint });
  }

  request<Response, Request extends object>(pattern: string, request: Request): Promise<Response> {
    const data = { ...request, correlationId: requestContext.current()?.correlationId };
    return firstValueFrom(this.proxy.send<Response>(pattern, data).pipe(timeout(this.timeoutMs)));
  }

  async close(): Promise<void> {
    await (this.proxy.close() as Promise<void> | void);
  }
}
