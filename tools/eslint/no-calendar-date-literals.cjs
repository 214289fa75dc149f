// Issue 13: end-to-end tests booked literal days ("2026-12-01") that were in the future when they
// were written and in the past a week later, so no slot existed and CI failed for everyone. A test
// that runs on the real clock derives its days from now (test/support/calendar.ts); a test that
// needs a fixed instant injects a clock (TestClock) and is listed in eslint.config.mjs as such.

/** YYYY-MM-DD not inside a longer run of digits. */
const DATE_PATTERN = /(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?!\d)/g;

/** The real calendar dates in `text` ("2026-02-30" is no day: a test may use it as bad input). */
function calendarDatesIn(text) {
  const found = [];
  for (const [match, year, month, day] of text.matchAll(DATE_PATTERN)) {
    const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    const real =
      date.getUTCFullYear() === Number(year) &&
      date.getUTCMonth() === Number(month) - 1 &&
      date.getUTCDate() === Number(day);
    if (real) found.push(match);
  }
  return found;
}

const noCalendarDateLiterals = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Refuse calendar-date literals in tests that run on the real clock: they pass until the day comes',
    },
    schema: [],
    messages: {
      literalDate:
        'Calendar date {{date}} in a test that runs on the real clock: it passes until that day comes and fails ever after. Derive the day from now (test/support/calendar.ts), or run the test on an injected clock (TestClock) and list the file as clock-injected in eslint.config.mjs.',
    },
  },
  create(context) {
    const check = (node, text) => {
      for (const date of calendarDatesIn(text)) {
        context.report({ node, messageId: 'literalDate', data: { date } });
      }
    };
    return {
      Literal: (node) => {
        if (typeof node.value === 'string') check(node, node.value);
      },
      TemplateElement: (node) => check(node, node.value.cooked ?? node.value.raw),
    };
  },
};

module.exports = { calendarDatesIn, noCalendarDateLiterals };
