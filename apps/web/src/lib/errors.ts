import { ApiError, NETWORK_ERROR } from '../api/client';

/**
 * Every error as a sentence a customer can act on (DESIGN §12): the API's own message, which is
 * written for people, with a few codes put in the words of the page they happen on.
 */
export function errorSentence(error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'SLOT_UNAVAILABLE':
        return 'Someone has just taken that time. The free times below are up to date: please pick another.';
      case 'UNAUTHORIZED':
        return 'Your session has ended. Please sign in again.';
      case 'RATE_LIMITED':
        return 'That was a lot of tries in a short time. Please wait a minute and try again.';
      default:
        return error.message;
    }
  }
  return 'Something went wrong on our side. Please try again in a moment.';
}

/**
 * A refused move (POST /bookings/:id/reschedule, DESIGN §6.7) as the API's own sentence, with what
 * to do next when the sentence does not say it already.
 */
export function rescheduleRefusal(error: unknown): string {
  if (!(error instanceof ApiError)) return errorSentence(error);
  switch (error.code) {
    case 'SLOT_UNAVAILABLE':
      return `${error.message} The free times shown are up to date: please pick another.`;
    case 'SLOT_IN_PAST':
    case 'SERVICE_DOES_NOT_FIT':
      return `${error.message} Please pick another time.`;
    case 'SLOT_TOO_SOON':
    case 'BOOKING_NOT_RESCHEDULABLE':
      return error.message;
    default:
      return errorSentence(error);
  }
}

export function isNetworkError(error: unknown): boolean {
  return error instanceof ApiError && error.code === NETWORK_ERROR;
}

export function isCode(error: unknown, code: string): boolean {
  return error instanceof ApiError && error.code === code;
}
