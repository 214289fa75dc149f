import { DomainError } from '@app/contracts';

export type FieldProblem = { field: string; message: string };

export class ValidationFailedError extends DomainError {
  constructor(errors: FieldProblem[]) {
    super('VALIDATION_FAILED', `Invalid request: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super('FORBIDDEN', message);
  }
}
