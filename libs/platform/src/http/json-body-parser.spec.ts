import { MAX_JSON_NESTING_DEPTH, bodyTooDeepError, jsonNestingExceeds } from './json-body-parser';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const objects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('jsonNestingExceeds', () => {
  it('accepts bodies up to the limit and refuses one level more, for arrays and objects alike', () => {
    for (const nest of [arrays, objects]) {
      expect(jsonNestingExceeds(bytes(nest(MAX_JSON_NESTING_DEPTH)), MAX_JSON_NESTING_DEPTH)).toBe(
        false,
      );
      expect(
        jsonNestingExceeds(bytes(nest(MAX_JSON_NESTING_DEPTH + 1)), MAX_JSON_NESTING_DEPTH),
      ).toBe(true);
    }
  });

  it('counts depth, not how many containers there are', () => {
    const wide = JSON.stringify({
      items: Array.from({ length: 1000 }, (_, i) => ({ i, tags: [i, [i]] })),
    });
    expect(jsonNestingExceeds(bytes(wide), 5)).toBe(false);
    expect(jsonNestingExceeds(bytes(wide), 4)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ note: '[[[[{{{{ "quoted [" \\ ]]]', nested: { s: '\\"[[[[' } });
    expect(jsonNestingExceeds(bytes(text), 2)).toBe(false);
    expect(jsonNestingExceeds(bytes(text), 1)).toBe(true);
  });

  it('is not confused by multi-byte UTF-8 text', () => {
    expect(jsonNestingExceeds(bytes(JSON.stringify({ name: 'Zoë ✂️ 理髪店 [' })), 1)).toBe(false);
  });

  it('walks a body nested a million levels deep without recursing', () => {
    expect(jsonNestingExceeds(bytes(arrays(1_000_000)), MAX_JSON_NESTING_DEPTH)).toBe(true);
    expect(
      jsonNestingExceeds(bytes('[' + '"[",'.repeat(100_000) + '1]'), MAX_JSON_NESTING_DEPTH),
    ).toBe(false);
  });
});

describe('bodyTooDeepError', () => {
  it('is a 400 in the API error shape naming the limit', () => {
    const error = bodyTooDeepError(32);
    expect(error.getStatus()).toBe(400);
    expect(error.getResponse()).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'The request body is nested deeper than 32 levels.',
    });
  });
});
