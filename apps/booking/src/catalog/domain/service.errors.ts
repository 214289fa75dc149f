import { DomainError } from '@app/contracts';

export class ServiceNotFoundError extends DomainError {
  constructor() {
    super('SERVICE_NOT_FOUND', 'No such service.');
  }
}
