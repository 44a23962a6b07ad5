/**
 * The open data of places and the public map as the OpenAPI document describes them: a national
 * schema row (every value a string, as in the CSV), GeoJSON (RFC 7946) feature collections, and
 * the JSON envelopes with their licence.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CursorQuery } from '@app/access';
import { NATIONAL_SCHEMA_COLUMNS } from '@app/domain';
import { DATA_INCLUSION_SCHEMA_URL, DATA_INCLUSION_VERSION, type DataInclusionProblem } from '../domain/data-inclusion';
import { RegisterEntryDto } from './qualification.dto';

const NATIONAL_SCHEMA_URL = 'https://schema.data.gouv.fr/LaMednum/standard-mednum/1.0.2/';

/** Examples of a few columns (the médiathèque of the demo). */
const ROW_EXAMPLES: Partial<Record<(typeof NATIONAL_SCHEMA_COLUMNS)[number], string>> = {
  nom: 'Médiathèque de Mériadeck',
  commune: 'Bordeaux',
  code_postal: '33000',
  code_insee: '33063',
  latitude: '44.83778',
  longitude: '-0.58389',
  services: 'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien',
};

/** A row of the national schema "lieux de médiation numérique": one property per column. */
export class NationalSchemaRowDto {}
for (const column of NATIONAL_SCHEMA_COLUMNS) {
  ApiProperty({
    type: String,
    description: `Column \`${column}\` of the national schema (${NATIONAL_SCHEMA_URL}); an empty string when unknown, several values joined with \`|\`.`,
    example: ROW_EXAMPLES[column],
  })(NationalSchemaRowDto.prototype, column);
}

export class OpenDataLicenceDto {
  @ApiProperty({ example: 'Licence Ouverte / Open Licence version 2.0' }) name!: string;
  @ApiProperty({ format: 'uri', example: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' }) url!: string;
}

export class PointDto {
  @ApiProperty({ enum: ['Point'] }) type!: 'Point';
  @ApiProperty({
    type: [Number],
    minItems: 2,
    maxItems: 2,
    description: 'Longitude then latitude, WGS 84 degrees.',
    example: [-0.58389, 44.83778],
  })
  coordinates!: number[];
}

export class MapFeaturePropertiesDto {
  @ApiProperty({ format: 'uuid', description: 'The place (GET /api/places/{id}).' }) id!: string;
  @ApiProperty({ example: 'Médiathèque de Mériadeck' }) nom!: string;
  @ApiProperty({ example: 'Bordeaux' }) commune!: string;
}

export class MapFeatureDto {
  @ApiProperty({ enum: ['Feature'] }) type!: 'Feature';
  @ApiProperty({ type: PointDto }) geometry!: PointDto;
  @ApiProperty({ type: MapFeaturePropertiesDto }) properties!: MapFeaturePropertiesDto;
}

export class MapFeatureCollectionDto {
  @ApiProperty({ enum: ['FeatureCollection'] }) type!: 'FeatureCollection';
  @ApiProperty({ type: [MapFeatureDto] }) features!: MapFeatureDto[];
}

export class OpenDataPlaceFeatureDto {
  @ApiProperty({ enum: ['Feature'] }) type!: 'Feature';
  @ApiProperty({ type: PointDto }) geometry!: PointDto;
  @ApiProperty({ type: NationalSchemaRowDto }) properties!: NationalSchemaRowDto;
}

export class OpenDataPlacesGeoJsonDto {
  @ApiProperty({ enum: ['FeatureCollection'] }) type!: 'FeatureCollection';
  @ApiProperty({ type: OpenDataLicenceDto }) licence!: OpenDataLicenceDto;
  @ApiProperty({ type: [OpenDataPlaceFeatureDto], description: 'Places without coordinates are in the CSV and JSON only.' })
  features!: OpenDataPlaceFeatureDto[];
}

export class OpenDataPlacesDto {
  @ApiProperty({ type: OpenDataLicenceDto }) licence!: OpenDataLicenceDto;
  @ApiProperty({ format: 'uri', example: NATIONAL_SCHEMA_URL }) schema!: string;
  @ApiProperty({ type: [NationalSchemaRowDto] }) data!: NationalSchemaRowDto[];
  @ApiPropertyOptional({
    description: 'Only when read by pages (`limit` or `cursor`): where the next page starts, null on the last one.',
    nullable: true,
    type: String,
  })
  nextCursor?: string | null;
}

/** Reading places.json by pages: for software that cannot take the whole file at once. */
export class OpenDataPageQueryDto {
  @ApiPropertyOptional({ description: 'Rows per page (1 to 1000); without it and without a cursor, the whole file.', example: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @CursorQuery()
  cursor?: string;
}

export class OpenDataRegisterDto {
  @ApiProperty({ type: OpenDataLicenceDto }) licence!: OpenDataLicenceDto;
  @ApiProperty({ type: [RegisterEntryDto] }) data!: RegisterEntryDto[];
}

export class DataInclusionSchemaDto {
  @ApiProperty({ example: 'data·inclusion' }) name!: string;
  @ApiProperty({ example: DATA_INCLUSION_VERSION }) version!: string;
  @ApiProperty({ example: DATA_INCLUSION_SCHEMA_URL }) url!: string;
}

export class DataInclusionProblemDto implements DataInclusionProblem {
  @ApiProperty({ description: "The place's national-schema id." }) id!: string;
  @ApiProperty({ example: 'Médiathèque Flora Tristan' }) nom!: string;
  @ApiProperty({ description: 'The national-schema field at fault.', example: 'courriels' }) field!: string;
  @ApiProperty({ example: 'no address is a plain ASCII e-mail address (RFC 5322)' }) problem!: string;
  @ApiProperty({
    enum: ['place_not_exported', 'value_left_out'],
    description: 'place_not_exported: the place is in neither list; value_left_out: the place is exported without this value.',
  })
  effect!: DataInclusionProblem['effect'];
}

export class DataInclusionExportDto {
  @ApiProperty({ type: OpenDataLicenceDto }) licence!: OpenDataLicenceDto;
  @ApiProperty({ type: DataInclusionSchemaDto }) schema!: DataInclusionSchemaDto;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: `One per qualified place, valid against the data·inclusion v1 structure schema (${DATA_INCLUSION_SCHEMA_URL}/structure.json).`,
  })
  structures!: object[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: `One « Médiation numérique » service per structure, valid against the v1 service schema (${DATA_INCLUSION_SCHEMA_URL}/service.json); frais_precisions says the Pass numérique is accepted.`,
  })
  services!: object[];
  @ApiProperty({
    type: [DataInclusionProblemDto],
    description: 'Every qualified place not exported, and every value left out of an exported one, with why. Empty when all is exported.',
  })
  problems!: DataInclusionProblemDto[];
}

export class MapConfigDto {
  @ApiProperty({
    description: 'Tile URL template (MAP_TILE_URL); empty when not configured.',
    example: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  })
  tileUrl!: string;
  @ApiProperty({ description: 'Attribution to show on the map (MAP_TILE_ATTRIBUTION).', example: '© OpenStreetMap contributors' })
  attribution!: string;
}
