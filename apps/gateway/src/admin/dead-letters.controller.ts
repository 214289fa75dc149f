import { DomainError, INBOX_QUEUES, deadLetterQueueOf } from '@app/contracts';
import { DeadLetterService } from '@app/messaging';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../http/api-errors.decorator';

export class DeadLetterCountResponse {
  @ApiProperty({ example: 'booking-inbox-dlq' }) queue!: string;
  @ApiProperty() count!: number;
}

export class ReplayDeadLettersDto {
  @ApiPropertyOptional({ type: [String], description: 'Only these dead letters (job ids); all of them when absent.' })
  @IsOptional()
  @IsArray({ message: 'jobIds must be an array of job ids' })
  @ArrayMaxSize(1000, { message: 'jobIds must list at most 1000 ids' })
  @IsString({ each: true, message: 'jobIds must be an array of job ids' })
  jobIds?: string[];
}

export class ReplayResponse {
  @ApiProperty() replayed!: number;
}

@ApiTags('admin')
@Controller('admin/dlq')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetterService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'How many dead letters wait in the dead-letter queue of every inbox queue' })
  @ApiOkResponse({ type: [DeadLetterCountResponse] })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'SERVICE_UNAVAILABLE')
  async counts(): Promise<DeadLetterCountResponse[]> {
    return Promise.all(
      INBOX_QUEUES.map(async (queue) => ({ queue: deadLetterQueueOf(queue), count: await this.deadLetters.count(queue) })),
    );
  }

  @Post(':queue/replay')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: "Move dead letters back to their inbox queue (`:queue` is the inbox queue's name, e.g. booking-inbox)" })
  @ApiOkResponse({ type: ReplayResponse })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'SERVICE_UNAVAILABLE')
  async replay(@Param('queue') queue: string, @Body() body: ReplayDeadLettersDto): Promise<ReplayResponse> {
    // The dead-letter queue's own name is accepted too: it is what GET /admin/dlq lists.
    const inbox = INBOX_QUEUES.find((name) => name === queue || deadLetterQueueOf(name) === queue);
    if (!inbox) throw new DomainError('NOT_FOUND', `queue: there is no inbox queue named ${queue} (one of ${INBOX_QUEUES.join(', ')}).`);
    return { replayed: await this.deadLetters.replay(inbox, body?.jobIds) };
  }
}
