import type { ServiceResource } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ToBoolean, Trim } from '../../http/transforms';

export class CreateServiceDto {
  @ApiProperty({ example: 'Haircut', minLength: 1, maxLength: 100 })
  @Trim()
  @Length(1, 100, { message: 'name must be 1 to 100 characters long' })
  @IsString()
  name!: string;

  @ApiProperty({ example: 30, minimum: 5, maximum: 480 })
  @Max(480)
  @Min(5)
  @IsInt({ message: 'durationMinutes must be a whole number of minutes' })
  durationMinutes!: number;

  @ApiProperty({ example: 2500, minimum: 1, description: 'Integer minor units (pence, cents).' })
  @Max(100_000_000)
  @Min(1, { message: 'priceCents must be at least 1' })
  @IsInt({ message: 'priceCents must be a whole number of minor units' })
  priceCents!: number;

  @ApiProperty({ example: 'gbp', description: 'Lower-case ISO 4217 code.' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @Matches(/^[a-z]{3}$/, { message: 'currency must be a three-letter ISO currency code such as gbp' })
  @IsString()
  currency!: string;
}

export class ServiceResponse implements ServiceResource {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() durationMinutes!: number;
  @ApiProperty() priceCents!: number;
  @ApiProperty({ example: 'gbp' }) currency!: string;
  @ApiProperty({ description: 'false: retired — hidden from the catalog and refused for new bookings; existing bookings keep it.' })
  active!: boolean;
}

/** Only the fields sent change. Existing bookings keep the price and name they were made with. */
export class UpdateServiceDto {
  @ApiPropertyOptional({ example: 'Haircut', minLength: 1, maxLength: 100 })
  @Trim()
  @IsOptional()
  @Length(1, 100, { message: 'name must be 1 to 100 characters long' })
  @IsString()
  name?: string;

  @ApiPropertyOptional({ example: 30, minimum: 5, maximum: 480 })
  @IsOptional()
  @Max(480)
  @Min(5)
  @IsInt({ message: 'durationMinutes must be a whole number of minutes' })
  durationMinutes?: number;

  @ApiPropertyOptional({ example: 2800, minimum: 1, description: 'Integer minor units, in the service’s currency.' })
  @IsOptional()
  @Max(100_000_000)
  @Min(1, { message: 'priceCents must be at least 1' })
  @IsInt({ message: 'priceCents must be a whole number of minor units' })
  priceCents?: number;

  @ApiPropertyOptional({ description: 'false retires the service, true offers it again.' })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class ListServicesQueryDto {
  @ApiPropertyOptional({ description: 'Admins only: also the retired services (after the offered ones).' })
  @ToBoolean()
  @IsOptional()
  @IsBoolean({ message: 'includeInactive must be true or false' })
  includeInactive?: boolean;
}
