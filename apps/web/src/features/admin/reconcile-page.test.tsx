import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp, seededQueryClient } from '../../test/render-app';
import { anAdminSession, fakeApi } from './testing/fake-api';

describe('Reconcile', () => {
  it('runs every reconciler on "Reconcile now" and shows the report per service in words, and a service that did not answer', async () => {
    fakeApi({
      'POST /admin/reconcile': () => ({
        booking: { lapsed_hold_paid: 1, missing_appointment_link: 0 },
        payments: { lost_payment: 2, lost_expiry: 0 },
        appointments: { error: 'SERVICE_UNAVAILABLE' },
      }),
    });
    renderApp('/admin/reconcile', { queryClient: seededQueryClient(), session: anAdminSession() });

    await userEvent.click(screen.getByRole('button', { name: 'Reconcile now' }));
    expect((await screen.findByRole('status')).textContent).toBe('3 repairs made.');
    const payments = screen.getByRole('table', { name: 'Repairs by the payments service' });
    expect(within(payments).getByRole('row', { name: 'Payments whose webhook never arrived 2' })).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Repairs by the booking service' })).toBeTruthy();
    expect(screen.getByText(/Did not run: the service did not answer/)).toBeTruthy();
  });

  it('says when nothing had drifted', async () => {
    fakeApi({ 'POST /admin/reconcile': () => ({ booking: { lapsed_hold_paid: 0 }, payments: { lost_payment: 0 }, appointments: { stale_pending: 0 } }) });
    renderApp('/admin/reconcile', { queryClient: seededQueryClient(), session: anAdminSession() });
    await userEvent.click(screen.getByRole('button', { name: 'Reconcile now' }));
    expect((await screen.findByRole('status')).textContent).toBe('Nothing had drifted: no repairs were needed.');
  });
});
