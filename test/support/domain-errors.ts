import { DomainError } from '@app/contracts';

/** The code of the DomainError `promise` rejects with, 'no error', or what else it threw. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof DomainError ? error.code : `not a DomainError: ${String(error)}`;
  }
  return 'no error';
}
