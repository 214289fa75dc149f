import { Type } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ToInt } from './transforms';

const OFFSET_MAX = 1_000_000;

export interface PageSize {
  /** Page size when the query names no limit. */
  defaultLimit: number;
  /** The largest limit a client may ask for. */
  maxLimit: number;
}

export interface PaginationQuery {
  offset?: number;
  limit?: number;
}

/**
 * The `offset` and `limit` query parameters of a list endpoint, as a base class for its query
 * DTO (`class ListThingsQueryDto extends PaginationQueryDto({ defaultLimit: 50, maxLimit: 200 })`).
 * Each list sets its own page size; validation, messages and OpenAPI are the same everywhere.
 * The endpoint applies the default itself (`query.limit ?? defaultLimit`): an absent limit stays absent.
 */
export function PaginationQueryDto({ defaultLimit, maxLimit }: PageSize): Type<PaginationQuery> {
  class PaginationQueryBase implements PaginationQuery {
    @ApiPropertyOptional({ default: 0, minimum: 0 })
    @ToInt()
    @IsOptional()
    @Max(OFFSET_MAX)
    @Min(0)
    @IsInt({ message: 'offset must be a whole number' })
    offset?: number;

    @ApiPropertyOptional({ default: defaultLimit, minimum: 1, maximum: maxLimit })
    @ToInt()
    @IsOptional()
    @Max(maxLimit, { message: `limit must not be greater than ${maxLimit}` })
    @Min(1)
    @IsInt({ message: 'limit must be a whole number' })
    limit?: number;
  }
  return PaginationQueryBase;
}
