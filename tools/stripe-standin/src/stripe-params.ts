import { FormObject, FormValue } from './form-body';
import { invalidParam, missingParam, unknownParam } from './stripe-errors';
import { Metadata } from './stripe-objects';

/** Typed reads of form parameters, failing with Stripe's messages and `param` paths. */

export function rejectUnknownParams(params: FormObject, allowed: ReadonlySet<string>): void {
  for (const key of Object.keys(params)) if (!allowed.has(key)) throw unknownParam(key);
}

export function optionalString(params: FormObject, name: string, path = name): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParam(path, `Invalid string: ${describe(value)}`);
  return value;
}

/** Stripe treats an empty string as "unset" for optional scalars. */
export function optionalNonEmptyString(
  params: FormObject,
  name: string,
  path = name,
): string | undefined {
  const value = optionalString(params, name, path);
  return value === '' ? undefined : value;
}

export function requiredString(params: FormObject, name: string, path = name): string {
  const value = optionalNonEmptyString(params, name, path);
  if (value === undefined) throw missingParam(path);
  return value;
}

export function optionalInteger(params: FormObject, name: string, path = name): number | undefined {
  const value = optionalNonEmptyString(params, name, path);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw invalidParam(path, `Invalid integer: ${value}`);
  }
  return Number(value);
}

export function requiredInteger(params: FormObject, name: string, path = name): number {
  const value = optionalInteger(params, name, path);
  if (value === undefined) throw missingParam(path);
  return value;
}

export function optionalObject(
  params: FormObject,
  name: string,
  path = name,
): FormObject | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' || Array.isArray(value)) throw invalidParam(path, `Invalid object`);
  return value;
}

export function optionalArray(
  params: FormObject,
  name: string,
  path = name,
): FormValue[] | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (!Array.isArray(value)) throw invalidParam(path, `Invalid array`);
  return value;
}

export function stringArray(params: FormObject, name: string): string[] {
  const values = optionalArray(params, name) ?? [];
  return values.map((value, index) => {
    if (typeof value !== 'string')
      throw invalidParam(`${name}[${index}]`, `Invalid string: ${describe(value)}`);
    return value;
  });
}

/**
 * Stripe's metadata rules: up to 50 keys, keys up to 40 characters without square brackets,
 * values up to 500 characters; an empty value unsets the key.
 */
export function metadataParam(params: FormObject, name: string, path = name): Metadata {
  const value = optionalObject(params, name, path);
  if (value === undefined) return {};
  const metadata: Metadata = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string')
      throw invalidParam(`${path}[${key}]`, `Invalid string: ${describe(entry)}`);
    if (key.length > 40 || /[[\]]/.test(key)) {
      throw invalidParam(
        `${path}[${key}]`,
        `Metadata keys can be up to 40 characters long and cannot contain square brackets; '${key}' is not valid.`,
      );
    }
    if (entry.length > 500) {
      throw invalidParam(
        `${path}[${key}]`,
        `Metadata values can have up to 500 characters, but you passed in a value that is ${entry.length} characters.`,
      );
    }
    if (entry !== '') metadata[key] = entry;
  }
  if (Object.keys(metadata).length > 50) {
    throw invalidParam(
      path,
      'Invalid metadata: metadata can have up to 50 keys, but you passed in more.',
    );
  }
  return metadata;
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], path: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidParam(path, `Invalid ${path}: must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function describe(value: FormValue): string {
  return typeof value === 'string' ? value : Array.isArray(value) ? 'array' : 'object';
}
