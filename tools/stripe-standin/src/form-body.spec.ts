import { FormBodyError, parseFormBody, splitKey } from './form-body';

describe('parseFormBody (Stripe bracket notation)', () => {
  it('reads plain keys and decodes values', () => {
    expect(parseFormBody('mode=payment&customer_email=a%2Bb%40example.com')).toEqual({
      mode: 'payment',
      customer_email: 'a+b@example.com',
    });
  });

  it('builds nested objects and indexed arrays as the SDK writes them', () => {
    const body =
      'mode=payment&line_items[0][quantity]=1&line_items[0][price_data][currency]=eur' +
      '&line_items[0][price_data][unit_amount]=2500&line_items[0][price_data][product_data][name]=Cut%20%26%20shave%20[deluxe]' +
      '&line_items[1][quantity]=2&line_items[1][price_data][unit_amount]=100' +
      '&metadata[bookingId]=b1&payment_intent_data[metadata][bookingId]=b1&expand[0]=payment_intent&expand[1]=line_items';
    expect(parseFormBody(body)).toEqual({
      mode: 'payment',
      line_items: [
        {
          quantity: '1',
          price_data: {
            currency: 'eur',
            unit_amount: '2500',
            product_data: { name: 'Cut & shave [deluxe]' },
          },
        },
        { quantity: '2', price_data: { unit_amount: '100' } },
      ],
      metadata: { bookingId: 'b1' },
      payment_intent_data: { metadata: { bookingId: 'b1' } },
      expand: ['payment_intent', 'line_items'],
    });
  });

  it('orders array items by index, not by arrival', () => {
    expect(parseFormBody('expand[1]=b&expand[0]=a&expand[10]=c')).toEqual({
      expand: ['a', 'b', 'c'],
    });
  });

  it('appends with empty brackets', () => {
    expect(parseFormBody('expand[]=a&expand[]=b')).toEqual({ expand: ['a', 'b'] });
  });

  it('keeps odd characters in metadata keys and values', () => {
    const value = 'b 1&x=y+z%é😀';
    const body = `metadata[odd%20key%20%C3%A9]=${encodeURIComponent(value)}&metadata[a.b-c_d]=%3D%26%25`;
    expect(parseFormBody(body)).toEqual({ metadata: { 'odd key é': value, 'a.b-c_d': '=&%' } });
  });

  it('decodes + as a space and accepts percent-encoded brackets', () => {
    expect(parseFormBody('metadata%5Bnote%5D=hello+world')).toEqual({
      metadata: { note: 'hello world' },
    });
  });

  it('lets the last of repeated plain keys win', () => {
    expect(parseFormBody('mode=setup&mode=payment&metadata[k]=1&metadata[k]=2')).toEqual({
      mode: 'payment',
      metadata: { k: '2' },
    });
  });

  it('keeps empty values (Stripe uses them to unset)', () => {
    expect(parseFormBody('metadata[k]=&description=&flag')).toEqual({
      metadata: { k: '' },
      description: '',
      flag: '',
    });
  });

  it('tolerates a stray percent sign', () => {
    expect(parseFormBody('note=100%25+sure+%ZZ')).toEqual({ note: '100% sure %ZZ' });
  });

  it('keeps segments that contain brackets together', () => {
    expect(splitKey('metadata[a[b]]')).toEqual(['metadata', 'a[b]']);
    expect(splitKey('line_items[0][price_data]')).toEqual(['line_items', '0', 'price_data']);
    expect(splitKey('plain')).toEqual(['plain']);
    expect(splitKey('broken[x]y')).toEqual(['broken[x]y']);
  });

  it('cannot be used to reach Object.prototype', () => {
    const parsed = parseFormBody(
      '__proto__[polluted]=yes&metadata[__proto__]=x&constructor[prototype][bad]=1',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(parsed.metadata)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'metadata', 'constructor']);
  });

  it('lets a nested write replace an earlier plain value', () => {
    expect(parseFormBody('items[0]=a&items[0][x]=b&items[1]=c')).toEqual({
      items: [{ x: 'b' }, 'c'],
    });
  });

  it('refuses absurdly deep nesting instead of recursing without end', () => {
    expect(() => parseFormBody(`a${'[x]'.repeat(50)}=1`)).toThrow(FormBodyError);
  });

  it('reads an empty body as no parameters', () => {
    expect(parseFormBody('')).toEqual({});
    expect(parseFormBody('&&')).toEqual({});
  });
});
