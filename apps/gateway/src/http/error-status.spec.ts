import { ERROR_CODES, ErrorCode, codeForStatus } from '@app/contracts';
import { ERROR_STATUS, statusOf } from './error-status';

describe('error code → HTTP status table', () => {
  it.each(ERROR_CODES.map((code) => [code]))('gives %s an HTTP error status', (code) => {
    const status = statusOf(code);
    expect(Number.isInteger(status)).toBe(true);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
  });

  it('has no entry for a code the contract does not define', () => {
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('maps the documented codes to the documented statuses', () => {
    const expected: Array<[ErrorCode, number]> = [
      ['VALIDATION_FAILED', 400],
      ['INVALID_TIME_ZONE', 400],
      ['INVALID_DATE', 400],
      ['INVALID_AVAILABILITY', 400],
      ['INVALID_TIME_RANGE', 400],
      ['UNAUTHORIZED', 401],
      ['INVALID_CREDENTIALS', 401],
      ['FORBIDDEN', 403],
      ['BARBER_NOT_FOUND', 404],
      ['BOOKING_NOT_FOUND', 404],
      ['EMAIL_TAKEN', 409],
      ['SLOT_UNAVAILABLE', 409],
      ['SLOT_BOOKED', 409],
      ['BOOKING_NOT_CANCELLABLE', 409],
      ['IDEMPOTENCY_KEY_REUSED', 409],
      ['PAYLOAD_TOO_LARGE', 413],
      ['SLOT_IN_PAST', 422],
      ['SERVICE_DOES_NOT_FIT', 422],
      ['RATE_LIMITED', 429],
      ['INTERNAL', 500],
      ['SERVICE_UNAVAILABLE', 503],
    ];
    for (const [code, status] of expected) expect({ code, status: statusOf(code) }).toEqual({ code, status });
    for (const code of ERROR_CODES.filter((candidate) => candidate.endsWith('_NOT_FOUND'))) expect(statusOf(code)).toBe(404);
  });

  it('maps a bare framework status back to a code whose status agrees, except for statuses the table has no code for', () => {
    for (const status of [400, 401, 403, 404, 413, 429, 503]) expect(statusOf(codeForStatus(status))).toBe(status);
    expect(codeForStatus(415)).toBe('VALIDATION_FAILED');
    expect(codeForStatus(502)).toBe('INTERNAL');
  });
});
