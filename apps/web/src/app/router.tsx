import { createBrowserRouter, type RouteObject } from 'react-router';
import { adminRoutes } from '../features/admin/admin-routes';
import { TimeOffPage } from '../features/availability/time-off-page';
import { WeeklyHoursPage } from '../features/availability/weekly-hours-page';
import { BarberDayPage } from '../features/barber-day/barber-day-page';
import { BarbersPage } from '../features/booking/barbers-page';
import { BookingPage } from '../features/booking/booking-page';
import { DayPage } from '../features/booking/day-page';
import { ServicesPage } from '../features/booking/services-page';
import { MyBookingsPage } from '../features/my-bookings/my-bookings-page';
import { Layout, NotFound, RouteError } from './layout';
import { SignInPage } from './sign-in-page';

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <BarbersPage /> },
      { path: 'barbers/:barberId', element: <ServicesPage /> },
      { path: 'barbers/:barberId/services/:serviceId', element: <DayPage /> },
      { path: 'bookings/:bookingId', element: <BookingPage /> },
      { path: 'my-bookings', element: <MyBookingsPage /> },
      { path: 'sign-in', element: <SignInPage /> },
      adminRoutes,
      { path: 'barber/day', element: <BarberDayPage /> },
      { path: 'barber/hours', element: <WeeklyHoursPage /> },
      { path: 'barber/time-off', element: <TimeOffPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
];

/** The app lives under /app/ (the gateway serves index.html for every path below it). */
export function createAppRouter() {
  return createBrowserRouter(routes, { basename: '/app' });
}
