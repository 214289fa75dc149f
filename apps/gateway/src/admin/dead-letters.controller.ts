import { DomainError, INBOX_QUEUES, deadLetterQueueOf } from '@app/contracts';
import { DeadLetterService } from '@app/messaging';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../http/api-errors.decorator';
import { PageSize, PaginationQueryDto } from '../http/pagination.dto';

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

export const DEAD_LETTERS_PAGE: PageSize = { defaultLimit: 50, maxLimit: 200 };

export class ListDeadLettersQueryDto extends PaginationQueryDto(DEAD_LETTERS_PAGE) {}

export class DeadLetterResponse {
  @ApiProperty({ example: 'booking-inbox' }) queue!: string;
  @ApiProperty({ description: 'The message id; what `jobIds` of the replay takes.' }) jobId!: string;
  @ApiProperty({ example: 'payment.succeeded' }) type!: string;
  @ApiProperty({ description: 'Why its last attempt failed.' }) error!: string;
  @ApiProperty() attemptsMade!: number;
  @ApiProperty() failedAt!: string;
  @ApiProperty({ type: [String] }) stacktrace!: string[];
  @ApiProperty({ type: Object, description: 'The message envelope, as it will be replayed.' }) envelope!: unknown;
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

  @Get(':queue')
  @Roles('admin')
  @ApiOperation({ summary: "The dead letters of one inbox queue, a page at a time, each with its error and envelope (`:queue` as for replay)" })
  @ApiOkResponse({ type: [DeadLetterResponse] })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'SERVICE_UNAVAILABLE')
  async list(@Param('queue') queue: string, @Query() query: ListDeadLettersQueryDto): Promise<DeadLetterResponse[]> {
    const offset = query.offset ?? 0;
    return this.deadLetters.list(inboxNamed(queue), offset, offset + (query.limit ?? DEAD_LETTERS_PAGE.defaultLimit) - 1);
  }

  @Post(':queue/replay')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: "Move dead letters back to their inbox queue (`:queue` is the inbox queue's name, e.g. booking-inbox)" })
  @ApiOkResponse({ type: ReplayResponse })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'SERVICE_UNAVAILABLE')
  async replay(@Param('queue') queue: string, @Body() body: ReplayDeadLettersDto): Promise<ReplayResponse> {
    return { replayed: await this.deadLetters.replay(inboxNamed(queue), body?.jobIds) };
  }
}

/** The inbox queue `name` means: its own name, or its dead-letter queue's (what GET /admin/dlq lists). */
function inboxNamed(name: string): string {
  const inbox = INBOX_QUEUES.find((candidate) => candidate === name || deadLetterQueueOf(candidate) === name);
  if (!inbox) throw new DomainError('NOT_FOUND', `queue: there is no inbox queue named ${name} (one of ${INBOX_QUEUES.join(', ')}).`);
  return inbox;
}
