import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { CalendarController } from './calendar.controller';

/** iCalendar feeds: a barber's subscription (by secret key) and a customer's "add to my calendar". */
@Module({ imports: [UsersModule], controllers: [CalendarController] })
export class CalendarModule {}
