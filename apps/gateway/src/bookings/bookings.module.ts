import { Module } from '@nestjs/common';
import { BookingCheckouts, ServiceNames } from './booking-checkouts';
import { BookingsController } from './bookings.controller';

@Module({ controllers: [BookingsController], providers: [BookingCheckouts, ServiceNames] })
export class BookingsModule {}
