import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { requestContext } from '../logging/request-context';

/** Runs each RPC handler inside the correlation id the gateway sent, so its logs and events carry it. */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const data = context.switchToRpc().getData<{ correlationId?: unknown } | undefined>();
    const correlationId = typeof data?.correlationId === 'string' ? data.correlationId : requestContext.correlationId();
    return new Observable((subscriber) =>
      requestContext.run({ correlationId }, () => next.handle().subscribe(subscriber)),
    );
  }
}
