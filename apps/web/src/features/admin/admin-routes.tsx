import type { RouteObject } from 'react-router';
import { AdminHomePage } from './admin-home-page';
import { AdminLayout } from './admin-layout';
import { AttentionPage } from './attention-page';
import { BarbersPage } from './barbers-page';
import { BookingsPage } from './bookings-page';
import { DeadLettersPage } from './dead-letters-page';
import { HealthPage } from './health-page';
import { ReconcilePage } from './reconcile-page';
import { ServicesPage } from './services-page';
import { StaffPage } from './staff-page';

/** The admin console under /admin (DESIGN §12 "Admin"). */
export const adminRoutes: RouteObject = {
  path: 'admin',
  element: <AdminLayout />,
  children: [
    { index: true, element: <AdminHomePage /> },
    { path: 'bookings', element: <BookingsPage /> },
    { path: 'attention', element: <AttentionPage /> },
    { path: 'dead-letters', element: <DeadLettersPage /> },
    { path: 'reconcile', element: <ReconcilePage /> },
    { path: 'health', element: <HealthPage /> },
    { path: 'barbers', element: <BarbersPage /> },
    { path: 'services', element: <ServicesPage /> },
    { path: 'staff', element: <StaffPage /> },
  ],
};
