import { ApiPropertyOptional } from '../openapi/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

// The types are spelled out for the document: a property with an initializer and no annotation
// reaches @nestjs/swagger as Object.
// The decorator nearest a property is checked first: the type must fail before the bounds do.
export class ListUsersQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1, maximum: 1_000_000 })
  @IsOptional()
  @Type(() => Number)
  @Max(1_000_000)
  @Min(1)
  @IsInt()
  page = 1;

  @ApiPropertyOptional({ type: 'integer', default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @Max(100)
  @Min(1)
  @IsInt()
  page_size = 20;

  @ApiPropertyOptional({ type: 'string', maxLength: 128, description: 'Case-insensitive part of a username or email.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  search?: string;
}
