import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp, seededQueryClient } from '../../test/render-app';
import { answer, anAdminSession, fakeApi } from './testing/fake-api';

describe('Health', () => {
  it('on a 503 shows which service is down, each part up or down, and no page error', async () => {
    fakeApi({
      'GET /health': () =>
        answer(503, {
          statusCode: 503,
          code: 'SERVICE_UNAVAILABLE',
          message: 'Not healthy: payments not answering.',
          status: 'error',
          info: { database: { status: 'up' }, redis: { status: 'up' }, booking: { status: 'up' } },
          error: { payments: { status: 'down', message: 'timeout' } },
          details: { database: { status: 'up' }, redis: { status: 'up' }, booking: { status: 'up' }, payments: { status: 'down', message: 'timeout' } },
        }),
    });
    renderApp('/admin/health', { queryClient: seededQueryClient(), session: anAdminSession() });

    expect(await screen.findByRole('heading', { name: 'Something is down' })).toBeTruthy();
    const parts = screen.getAllByRole('listitem').map((item) => item.textContent);
    expect(parts).toEqual(['Gateway database: up', 'Redis (queues): up', 'Booking service: up', 'Payments service: down (timeout)']);
    expect(screen.queryByRole('alert')).toBeNull();
    const board = screen.getByRole('link', { name: /Open Bull Board/ });
    expect(board.getAttribute('href')).toBe('/admin/queues');
  });

  it('says everything answers on a 200', async () => {
    fakeApi({ 'GET /health': () => ({ status: 'ok', info: { database: { status: 'up' } }, error: {}, details: { database: { status: 'up' } } }) });
    renderApp('/admin/health', { queryClient: seededQueryClient(), session: anAdminSession() });
    expect(await screen.findByRole('heading', { name: 'Everything answers' })).toBeTruthy();
  });
});
