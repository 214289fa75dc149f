import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { Trim } from '../../http/transforms';

/** Only the fields sent change. */
export class UpdateStaffUserDto {
  @ApiPropertyOptional({ example: 'Sam', minLength: 1, maxLength: 100 })
  @Trim()
  @IsOptional()
  @Length(1, 100, { message: 'name must be 1 to 100 characters long' })
  @IsString()
  name?: string;

  @ApiPropertyOptional({ description: 'false: the account can no longer sign in and its access tokens stop working at once; true restores it.' })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}
