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

export function isNetworkError(error: unknown): boolean {
  return error instanceof ApiError && error.code === NETWORK_ERROR;
}

export function isCode(error: unknown, code: string): boolean {
  return error instanceof ApiError && error.code === code;
}
