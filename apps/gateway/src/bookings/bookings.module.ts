import { Module } from '@nestjs/common';
import { BookingCheckouts } from './booking-checkouts';
import { BookingsController } from './bookings.controller';

@Module({ controllers: [BookingsController], providers: [BookingCheckouts] })
export class BookingsModule {}
