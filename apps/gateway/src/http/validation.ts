import { DomainError } from '@app/contracts';
import { ArgumentMetadata, Injectable, Param, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidationOptions, isUUID, registerDecorator } from 'class-validator';

export interface FieldProblem {
  field: string;
  message: string;
}

/** One entry per bad field, nested ones by path (`weekly.0.start`), each with every rule it broke. */
export function fieldProblemsOf(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      message:
        rule === 'whitelistValidation'
          ? `${field} is not a field this endpoint accepts`
          : // class-validator names nested properties by their leaf only: say the full path.
            message.startsWith(`${error.property} `)
            ? `${field}${message.slice(error.property.length)}`
            : message,
    }));
    return [...own, ...fieldProblemsOf(error.children ?? [], field)];
  });
}

export function validationFailed(problems: FieldProblem[]): DomainError {
  const fields = [...new Set(problems.map((problem) => problem.field))];
  const message =
    problems.length === 1 ? `Invalid input: ${problems[0].message}.` : `Invalid input: check ${fields.join(', ')}.`;
  return new DomainError('VALIDATION_FAILED', message, problems);
}

/**
 * Whitelist, refuse unknown fields, convert to the DTO classes, answer VALIDATION_FAILED
 * naming each field. A property's rules run bottom-up and only the first failure is
 * reported, so DTOs put the basic type check nearest the property.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // One message per bad field: the first rule it breaks (a missing id is "required", not also "not a UUID").
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(fieldProblemsOf(errors)),
  });
}

/** A path parameter that must be a UUID: 400 VALIDATION_FAILED naming it otherwise. */
@Injectable()
export class ParseUuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    const name = metadata.data ?? 'id';
    if (typeof value !== 'string' || !isUUID(value)) {
      throw validationFailed([{ field: name, message: `${name} must be a UUID` }]);
    }
    return value.toLowerCase();
  }
}

export const UuidParam = (name: string) => Param(name, ParseUuidParamPipe);

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` naming a day that exists (no 2026-02-30, no 2027-02-29). */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year >= 1970;
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a real calendar date as YYYY-MM-DD', ...options },
      validator: { validate: isCalendarDate },
    });
}

/** Full date and time with an explicit zone (`Z` or `±hh:mm`), naming an instant that exists. */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export function isInstant(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  return match !== null && isCalendarDate(match[1]) && !Number.isNaN(Date.parse(value));
}

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: '$property must be an ISO-8601 date and time with a zone, like 2026-12-01T09:00:00.000Z',
        ...options,
      },
      validator: { validate: isInstant },
    });
}
