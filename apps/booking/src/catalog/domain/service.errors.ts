import { DomainError } from '@app/contracts';

export class ServiceNotFoundError extends DomainError {
  constructor() {
    super('SERVICE_NOT_FOUND', 'No such service.');
  }
}

export class ServiceInactiveError extends DomainError {
  constructor(name: string) {
    super('SERVICE_INACTIVE', `${name} is no longer offered; choose another service.`);
  }
}

export class ServiceNameTakenError extends DomainError {
  constructor(name: string) {
    super('SERVICE_NAME_TAKEN', `There is already a service called "${name}"; choose another name or edit that one.`, [
      { field: 'name', message: 'must differ from every other offered service' },
    ]);
  }
}
