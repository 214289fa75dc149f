import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp, seededQueryClient } from '../../test/render-app';
import { anAdminSession, fakeApi } from './testing/fake-api';

describe('Dead letters', () => {
  it('lists each dead-letter queue with its count, replays one and states the replay result', async () => {
    let waiting = 2;
    const api = fakeApi({
      'GET /admin/dlq': () => [
        { queue: 'booking-inbox-dlq', count: waiting },
        { queue: 'payments-inbox-dlq', count: 0 },
      ],
      'GET /admin/dlq/booking-inbox-dlq': () => [
        {
          queue: 'booking-inbox',
          jobId: 'job-1',
          type: 'payment.succeeded',
          error: 'injected fault: booking cannot be paid',
          attemptsMade: 3,
          failedAt: new Date().toISOString(),
          stacktrace: [],
          envelope: {},
        },
      ],
      'POST /admin/dlq/booking-inbox/replay': () => {
        const replayed = waiting;
        waiting = 0;
        return { replayed };
      },
    });
    renderApp('/admin/dead-letters', { queryClient: seededQueryClient(), session: anAdminSession() });

    const booking = (await screen.findByRole('heading', { name: 'Booking inbox' })).closest('li')!;
    expect(within(booking).getByText(/2 dead letters waiting/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Replay payments-inbox-dlq' }).hasAttribute('disabled')).toBe(true);

    // What failed and why, before replaying.
    await userEvent.click(within(booking).getByRole('button', { name: 'Show the letters of booking-inbox-dlq' }));
    const letter = await within(booking).findByText('payment.succeeded');
    expect(letter.closest('li')?.textContent).toMatch(/failed 3 times.*Why: injected fault: booking cannot be paid/);

    await userEvent.click(within(booking).getByRole('button', { name: 'Replay booking-inbox-dlq' }));
    expect((await within(booking).findByRole('status')).textContent).toBe('Replayed 2 dead letters onto booking-inbox.');
    expect(await within(booking).findByText(/no dead letters/)).toBeTruthy();
    expect(api.requests.map((request) => request.route)).toContain('POST /admin/dlq/booking-inbox/replay');
  });
});
