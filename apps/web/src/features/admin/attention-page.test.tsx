import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp, seededQueryClient } from '../../test/render-app';
import { anAdminSession, fakeApi } from './testing/fake-api';

describe('Attention', () => {
  it('says each item in words with what to do next, and a dispute’s due date', async () => {
    fakeApi({
      'GET /admin/attention': () => [
        {
          kind: 'dispute_open',
          bookingId: crypto.randomUUID(),
          paymentId: crypto.randomUUID(),
          since: new Date(Date.now() - 86_400_000).toISOString(),
          detail: 'The customer disputed £30.00. Submit evidence in the Stripe Dashboard.',
          dueBy: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        },
        {
          kind: 'refund_failed',
          bookingId: crypto.randomUUID(),
          paymentId: crypto.randomUUID(),
          since: new Date().toISOString(),
          detail: 'The refund of £30.00 failed.',
          dueBy: null,
        },
      ],
    });
    renderApp('/admin/attention', { queryClient: seededQueryClient(), session: anAdminSession() });

    const dispute = (await screen.findByRole('heading', { name: 'A payment is disputed' })).closest('li')!;
    expect(within(dispute).getByText(/Submit evidence in the Stripe Dashboard before the due date/)).toBeTruthy();
    expect(within(dispute).getByText('Evidence due by')).toBeTruthy();
    const refund = screen.getByRole('heading', { name: 'A refund failed' }).closest('li')!;
    expect(within(refund).getByText(/The customer is still owed the money/)).toBeTruthy();
    expect(within(refund).queryByText('Evidence due by')).toBeNull();
  });

  it('says when nothing needs attention', async () => {
    fakeApi({ 'GET /admin/attention': () => [] });
    renderApp('/admin/attention', { queryClient: seededQueryClient(), session: anAdminSession() });
    expect(await screen.findByText('Nothing needs attention.')).toBeTruthy();
  });
});
