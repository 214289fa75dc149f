import { ErrorCode } from '@app/contracts';
import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response';
import { statusOf } from './error-status';

/**
 * Documents the error codes an endpoint can answer, each under the status the one
 * code → status table gives it (codes sharing a status share one response entry).
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = statusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ...[...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, sameStatus]) =>
        ApiResponse({ status, description: sameStatus.join(' | '), type: ErrorResponseDto }),
      ),
  );
}
