import { DomainError } from '@app/contracts';

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do that.') {
    super('FORBIDDEN', message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'The request does not say who is asking.') {
    super('UNAUTHORIZED', message);
  }
}
