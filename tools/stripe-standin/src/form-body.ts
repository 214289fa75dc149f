/**
 * Stripe's v1 request encoding: `application/x-www-form-urlencoded` with bracket notation, as
 * the official SDK writes it (`line_items[0][price_data][unit_amount]=2500`,
 * `metadata[bookingId]=b1`, `expand[0]=payment_intent`). Query strings of GET requests use the
 * same encoding.
 */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export class FormBodyError extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
  }
}

/**
 * Parses a form body into nested objects and arrays.
 *
 * - `a[b][c]=1` → `{ a: { b: { c: '1' } } }`
 * - `a[0]=x&a[1]=y` and `a[]=x&a[]=y` → `{ a: ['x', 'y'] }` (an object whose keys are all
 *   array indexes becomes an array, ordered by index)
 * - a repeated plain key: the last value wins (Stripe's behaviour for scalars)
 * - `+` is a space and `%XX` is decoded, in keys and values; brackets may be raw or `%5B`/`%5D`
 * - a segment may itself contain brackets (`metadata[a[b]]`): a segment ends at the `]` that is
 *   followed by `[` or by the end of the key
 */
export function parseFormBody(body: string): FormObject {
  const root: FormObject = {};
  if (body.length === 0) return root;
  for (const pair of body.split('&')) {
    if (pair.length === 0) continue;
    const equals = pair.indexOf('=');
    const rawKey = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1);
    const key = decodeComponent(rawKey);
    const value = decodeComponent(rawValue);
    if (key.length === 0) continue;
    const path = splitKey(key);
    if (path.length > MAX_DEPTH)
      throw new FormBodyError(`Parameter nested too deeply: ${key.slice(0, 100)}`, path[0]);
    assign(root, path, value);
  }
  return arraysFromIndexes(root) as FormObject;
}

function decodeComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A stray `%` is kept literally rather than rejecting the whole body.
    return spaced.replace(/%([0-9a-f]{2})/gi, (match, hex: string) => {
      try {
        return decodeURIComponent(`%${hex}`);
      } catch {
        return match;
      }
    });
  }
}

/** `line_items[0][price_data]` → `['line_items', '0', 'price_data']`. */
export function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0 || !key.endsWith(']')) return [key];
  const segments = [key.slice(0, open)];
  let start = open + 1;
  let index = start;
  while (index < key.length) {
    if (key[index] === ']' && (index === key.length - 1 || key[index + 1] === '[')) {
      segments.push(key.slice(start, index));
      start = index + 2;
      index = start;
      continue;
    }
    index++;
  }
  if (start < key.length) return [key]; // unbalanced: keep the key as it came
  return segments;
}

/** Stripe's deepest parameters are about five levels; this only stops abuse. */
const MAX_DEPTH = 16;

/** Arrays are built as objects first (`{ '0': …, '1': … }`) and converted at the end. */
const APPEND = Symbol('append');

function assign(target: FormObject, path: string[], value: string): void {
  let node = target;
  for (let depth = 0; depth < path.length; depth++) {
    const isLast = depth === path.length - 1;
    let segment = path[depth];
    if (segment === '') segment = String(nextAppendIndex(node));
    if (isLast) {
      setOwn(node, segment, value);
      return;
    }
    const existing = Object.prototype.hasOwnProperty.call(node, segment)
      ? node[segment]
      : undefined;
    if (existing === undefined || typeof existing === 'string' || Array.isArray(existing)) {
      // `a=1&a[b]=2`: the nested form wins, as in Rack and qs. (Arrays only appear at the end.)
      const child: FormObject = {};
      setOwn(node, segment, child);
      node = child;
    } else {
      node = existing;
    }
  }
}

function nextAppendIndex(node: FormObject): number {
  const counters = node as FormObject & { [APPEND]?: number };
  const next = counters[APPEND] ?? Object.keys(node).filter(isIndex).length;
  Object.defineProperty(counters, APPEND, { value: next + 1, writable: true, enumerable: false });
  return next;
}

/** Own data property even for `__proto__`, so a body can never reach Object.prototype. */
function setOwn(node: FormObject, key: string, value: FormValue): void {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}

function isIndex(key: string): boolean {
  return /^(0|[1-9][0-9]{0,5})$/.test(key);
}

function arraysFromIndexes(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const key of keys) setOwn(value, key, arraysFromIndexes(value[key]));
  if (keys.length > 0 && keys.every(isIndex)) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((index) => value[String(index)]);
  }
  return value;
}
