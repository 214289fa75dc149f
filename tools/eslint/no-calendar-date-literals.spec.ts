import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Rule, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the rule is CommonJS so eslint.config.mjs and jest both load it as it is
const { calendarDatesIn, noCalendarDateLiterals } = require('./no-calendar-date-literals.cjs') as {
  calendarDatesIn: (text: string) => string[];
  noCalendarDateLiterals: Rule.RuleModule;
};

const ROOT = resolve(__dirname, '../..');

describe('calendarDatesIn', () => {
  it('finds real calendar dates, alone or inside an instant or a URL', () => {
    expect(calendarDatesIn('2031-01-07')).toEqual(['2031-01-07']);
    expect(calendarDatesIn('/slots?date=2031-01-07&x=1')).toEqual(['2031-01-07']);
    expect(calendarDatesIn('2031-01-07T09:00:00.000Z to 2031-01-08T09:00:00.000Z')).toEqual(['2031-01-07', '2031-01-08']);
  });

  it('leaves impossible days (bad input for validation tests) and other digit runs alone', () => {
    expect(calendarDatesIn('2026-02-30')).toEqual([]);
    expect(calendarDatesIn('2026-13-01')).toEqual([]);
    expect(calendarDatesIn('12026-01-01')).toEqual([]);
    expect(calendarDatesIn('2026-1-1')).toEqual([]);
    expect(calendarDatesIn('09:00')).toEqual([]);
  });
});

describe('the no-calendar-date-literals rule', () => {
  const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });

  tester.run('no-calendar-date-literals', noCalendarDateLiterals, {
    valid: [
      "const day = LONDON.weekday(); const at = LONDON.at(day, '09:00');",
      'const url = `/barbers/${id}/slots?date=${day}`;',
      "const bad = '2026-02-30';",
      "const time = '09:30';",
    ],
    invalid: [
      { code: "await slotAt(barberId, '2031-01-07', '10:00');", errors: [{ messageId: 'literalDate', data: { date: '2031-01-07' } }] },
      { code: "expect(b.startsAt).toBe('2031-01-07T10:00:00.000Z');", errors: [{ messageId: 'literalDate' }] },
      { code: 'api.get(`/barbers/${id}/slots?date=2031-01-07`);', errors: [{ messageId: 'literalDate' }] },
      { code: 'const at = `${day}T09:00Z until 2031-01-08T09:00Z`;', errors: [{ messageId: 'literalDate', data: { date: '2031-01-08' } }] },
    ],
  });
});

describe("the repository's lint configuration", () => {
  /** The rule's severity that `npm run lint` applies to each path (ESLint's own config resolution). */
  function severities(paths: string[]): Record<string, unknown> {
    const script = `
      import { ESLint } from 'eslint';
      const eslint = new ESLint({ cwd: ${JSON.stringify(ROOT)} });
      const out = {};
      for (const path of ${JSON.stringify(paths)}) {
        const config = await eslint.calculateConfigForFile(path);
        out[path] = config.rules['tests/no-calendar-date-literals']?.[0] ?? 'absent';
      }
      console.log(JSON.stringify(out));`;
    return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as Record<string, unknown>;
  }

  it('refuses a planted date in tests on the real clock and allows it in clock-injected ones', () => {
    const onRealClock = [
      'test/e2e/planted.e2e-spec.ts',
      'test/support/planted.ts',
      'test/faults/load.ts',
      'apps/gateway/test/planted.int-spec.ts',
      'apps/payments/test/planted.int-spec.ts',
      'apps/gateway/src/planted.spec.ts',
      'bench/planted.ts',
      'scripts/planted.mjs',
      'tools/stripe-standin/test/planted.int-spec.ts',
    ];
    const clockInjected = ['apps/booking/test/planted.int-spec.ts', 'apps/appointments/test/planted.int-spec.ts', 'apps/booking/src/bookings/domain/planted.spec.ts'];
    const found = severities([...onRealClock, ...clockInjected]);
    for (const path of onRealClock) expect({ path, severity: found[path] }).toEqual({ path, severity: 2 });
    for (const path of clockInjected) expect({ path, severity: found[path] }).toEqual({ path, severity: 0 });
  }, 30_000);
});
