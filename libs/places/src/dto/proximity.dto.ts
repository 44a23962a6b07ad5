import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PlaceDto, toBoolean } from './place.dto';
import type { Commune } from '../commune-directory';

export class CommuneQueryDto {
  @ApiProperty({ description: 'What the person typed: a name (accents optional) or the start of a postcode.', example: 'Mérignac' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  q!: string;

  @ApiPropertyOptional({ default: 8, minimum: 1, maximum: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(20) limit: number =
    8;
}

export class CommuneDto {
  @ApiProperty({ description: 'INSEE code (official geographic code).', example: '33281' }) code!: string;
  @ApiProperty({ example: 'Mérignac' }) nom!: string;
  @ApiProperty({ type: [String], example: ['33700'] }) codesPostaux!: string[];
  @ApiProperty({ example: '33' }) departement!: string;
  @ApiProperty({ description: 'What a suggestion shows: name, postcodes, département.', example: 'Mérignac (33700) — 33' }) label!: string;
  @ApiProperty({ type: Number, nullable: true, example: 44.84247 }) latitude!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: -0.64512 }) longitude!: number | null;
  @ApiProperty({
    enum: ['commune', 'postcode', 'departement'],
    nullable: true,
    description:
      "Where the position comes from: the commune's own (GeoNames), or the mean of the communes sharing its postcode or département.",
  })
  positionSource!: 'commune' | 'postcode' | 'departement' | null;

  static from(commune: Commune): CommuneDto {
    const postcodes = commune.codesPostaux.length > 2 ? `${commune.codesPostaux[0]}…` : commune.codesPostaux.join(', ');
    return {
      code: commune.code,
      nom: commune.nom,
      codesPostaux: [...commune.codesPostaux],
      departement: commune.departement,
      label: `${commune.nom}${postcodes ? ` (${postcodes})` : ''} — ${commune.departement}`,
      latitude: commune.position?.latitude ?? null,
      longitude: commune.position?.longitude ?? null,
      positionSource: commune.positionSource,
    };
  }
}

export class NearestPlacesQueryDto {
  @ApiPropertyOptional({ description: 'INSEE code of the commune to search around (from GET /api/communes).', example: '33069' })
  // Checked whenever given (a list of communes is refused), and required when no position is.
  @ValidateIf(
    (query: NearestPlacesQueryDto) => query.commune !== undefined || (query.latitude === undefined && query.longitude === undefined),
  )
  @IsString({ message: 'give a commune, or a latitude and a longitude' })
  @Matches(/^(\d[\dAB]\d{3})$/i, { message: 'must be an INSEE code of 5 characters' })
  commune?: string;

  @ApiPropertyOptional({ description: 'Latitude of a position (e.g. « autour de moi »), WGS 84 degrees; never stored.', example: 44.84 })
  @ValidateIf((query: NearestPlacesQueryDto) => query.commune === undefined || query.latitude !== undefined)
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number of degrees' })
  @Min(-90)
  @Max(90)
  latitude?: number;

  @ApiPropertyOptional({ description: 'Longitude of that position, WGS 84 degrees.', example: -0.6 })
  @ValidateIf((query: NearestPlacesQueryDto) => query.commune === undefined || query.longitude !== undefined)
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number of degrees' })
  @Min(-180)
  @Max(180)
  longitude?: number;

  @ApiPropertyOptional({ default: 5, minimum: 1, maximum: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(20) limit: number =
    5;

  @ApiPropertyOptional({ description: 'Only places open now; when none is, the nearest ones with their next opening.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  openNow?: boolean;
}

export class NearPlaceDto extends PlaceDto {
  @ApiProperty({ description: 'Distance as the crow flies, in kilometres.', example: 2.4 }) distanceKm!: number;
}

export class NearestPlacesDto {
  @ApiProperty({ type: CommuneDto, nullable: true, description: 'The commune searched around (null for a position).' })
  commune!: CommuneDto | null;
  @ApiProperty({ example: 44.84 }) latitude!: number;
  @ApiProperty({ example: -0.6 }) longitude!: number;
  @ApiProperty({ description: '« Ouvert maintenant » was asked and none is open: these are the nearest, with their next opening.' })
  noneOpenNow!: boolean;
  @ApiProperty({ type: [NearPlaceDto] }) items!: NearPlaceDto[];
}

export class WhereToUseQueryDto {
  @ApiProperty({ description: "INSEE code of the person's commune (from GET /api/communes).", example: '33069' })
  @IsString()
  @Matches(/^(\d[\dAB]\d{3})$/i, { message: 'must be an INSEE code of 5 characters' })
  commune!: string;

  @ApiPropertyOptional({ enum: ['A4', 'A5'], default: 'A4' }) @IsOptional() @IsIn(['A4', 'A5']) format: 'A4' | 'A5' = 'A4';

  @ApiPropertyOptional({ default: 5, minimum: 3, maximum: 5 }) @IsOptional() @Type(() => Number) @IsInt() @Min(3) @Max(5) places: number =
    5;
}
