import { ERROR_CODES, ErrorCode } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ example: 'weekly.0.start' })
  field!: string;

  @ApiProperty({ example: 'weekly.0.start must look like HH:MM (00:00 to 23:59)' })
  message!: string;
}

/** The one error shape of the public API (DESIGN §4). */
export class ErrorResponseDto {
  @ApiProperty({ example: 409 })
  statusCode!: number;

  @ApiProperty({ enum: ERROR_CODES, example: 'SLOT_UNAVAILABLE' })
  code!: ErrorCode;

  @ApiProperty({ example: 'That time is no longer available.' })
  message!: string;

  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'For VALIDATION_FAILED: one entry per bad field.' })
  errors?: FieldProblemDto[];
}
