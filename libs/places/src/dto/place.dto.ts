import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  FRAIS_A_CHARGE,
  MODALITES_ACCOMPAGNEMENT,
  PRISES_EN_CHARGE_SPECIFIQUES,
  PUBLICS_SPECIFIQUEMENT_ADRESSES,
  SERVICES,
} from '@app/domain';
import type { DaySchedule, HoursNow } from '../domain/opening-now';
import type { PlaceFields } from '../domain/place-fields';
import type { PlaceEntity } from '../entities/place.entity';
import { CursorQuery, IsPageNumber, IsSpreadsheetSafe, NEXT_CURSOR_PROPERTY, OptionalNotNull } from '@app/access';

const TEXT_MAX = 5000;
const nullableText = (example: string, description: string) => ApiPropertyOptional({ type: String, nullable: true, example, description });
const list = (example: string[], description: string) => ApiPropertyOptional({ type: [String], example, description });

/**
 * A place's fields under the national schema's names ("lieux de médiation numérique" v1.0.2);
 * multi-valued fields are arrays. Vocabularies and patterns are checked by the registry, which
 * names each wrong field.
 */
export class PlaceFieldsDto implements Partial<PlaceFields> {
  @ApiProperty({ description: 'SIRET (14 digits, Luhn key checked) or RNA number.', example: '21330063500017' })
  @IsString()
  @MaxLength(20)
  pivot!: string;

  @ApiProperty({ description: 'Name of the place.', example: 'Médiathèque Flora Tristan' })
  @IsString()
  @IsSpreadsheetSafe()
  @MaxLength(250)
  nom!: string;

  @ApiProperty({ example: 'Bordeaux' }) @IsString() @IsSpreadsheetSafe() @MaxLength(100) commune!: string;
  @ApiProperty({ example: '33000' }) @IsString() @MaxLength(5) code_postal!: string;
  @nullableText('33063', 'INSEE commune code') @IsOptional() @IsString() @MaxLength(5) code_insee?: string | null;
  @ApiProperty({ example: '12 rue du Loup' }) @IsString() @IsSpreadsheetSafe() @MaxLength(250) adresse!: string;
  @nullableText('Bâtiment B', 'Address complement')
  @IsOptional()
  @IsString()
  @IsSpreadsheetSafe()
  @MaxLength(250)
  complement_adresse?: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 44.8378 }) @IsOptional() @IsNumber() latitude?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, example: -0.5792 }) @IsOptional() @IsNumber() longitude?: number | null;
  @list(['BIB'], 'Typologies (ANCT codes)')
  @OptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  @IsSpreadsheetSafe({ each: true })
  @ArrayMaxSize(20)
  typologie?: string[];
  @nullableText('+33556000000', 'Phone, international format') @IsOptional() @IsString() @MaxLength(20) telephone?: string | null;
  @list(['contact@mediatheque.example'], 'E-mail addresses')
  @OptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  @IsSpreadsheetSafe({ each: true })
  @ArrayMaxSize(10)
  courriels?: string[];
  @list(['https://mediatheque.example'], 'Websites')
  @OptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  @ArrayMaxSize(10)
  site_web?: string[];
  @nullableText('Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00', 'Opening hours, OpenStreetMap syntax')
  @IsOptional()
  @IsString()
  @IsSpreadsheetSafe()
  @MaxLength(1000)
  horaires?: string | null;
  @nullableText('Ateliers numériques pour tous les âges.', 'Summary, 280 characters at most')
  @IsOptional()
  @IsString()
  @IsSpreadsheetSafe()
  @MaxLength(TEXT_MAX)
  presentation_resume?: string | null;
  @nullableText('Initiation, démarches en ligne…', 'Detailed presentation')
  @IsOptional()
  @IsString()
  @IsSpreadsheetSafe()
  @MaxLength(TEXT_MAX)
  presentation_detail?: string | null;
  @nullableText('Pass numérique', 'Source of the data') @IsOptional() @IsString() @IsSpreadsheetSafe() @MaxLength(250) source?:
    string | null;
  @list(['Fixe'], 'Itinérant and/or Fixe') @OptionalNotNull() @IsArray() @IsString({ each: true }) itinerance?: string[];
  @nullableText('Ville de Bordeaux', 'Parent structure')
  @IsOptional()
  @IsString()
  @IsSpreadsheetSafe()
  @MaxLength(250)
  structure_parente?: string | null;
  @list(['Maîtrise des outils numériques du quotidien'], 'National services vocabulary')
  @OptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  services?: string[];
  @list(['Seniors'], 'Publics specifically addressed')
  @OptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  publics_specifiquement_adresses?: string[];
  @list(['Surdité'], 'Specific support') @OptionalNotNull() @IsArray() @IsString({ each: true }) prise_en_charge_specifique?: string[];
  @list(['Gratuit'], 'Fees') @OptionalNotNull() @IsArray() @IsString({ each: true }) frais_a_charge?: string[];
  @list(['Conseillers numériques'], 'National programmes')
  @OptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  dispositif_programmes_nationaux?: string[];
  @list([], 'Trainings and labels (national vocabulary)')
  @OptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  formations_labels: string[] = [];
  @list([], 'Other trainings and labels')
  @OptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  @IsSpreadsheetSafe({ each: true })
  autres_formations_labels?: string[];
  @list(['Se présenter'], 'Access modalities') @OptionalNotNull() @IsArray() @IsString({ each: true }) modalites_acces?: string[];
  @list(['Accompagnement individuel'], 'Support modalities')
  @OptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  modalites_accompagnement?: string[];
  @nullableText('https://acceslibre.beta.gouv.fr/…', 'Accessibility sheet URL')
  @IsOptional()
  @IsString()
  @MaxLength(500)
  fiche_acces_libre?: string | null;
  @nullableText('https://rdv.example/mediatheque', 'Online appointment URL') @IsOptional() @IsString() @MaxLength(500) prise_rdv:
    string | null = null;
}

export class CreatePlaceDto extends PlaceFieldsDto {
  @ApiPropertyOptional({ description: 'Place organisation managing it (the operator must say; a place organisation gets its own).' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  organisationId?: string;
}

// Null is checked like any value (a list cannot be null); fields that may be cleared say @IsOptional themselves.
export class UpdatePlaceDto extends PartialType(PlaceFieldsDto, { skipNullProperties: false }) {}

export class AssignOrganisationDto {
  @ApiProperty({ description: 'Place organisation that runs the place.' })
  @IsUUID('all', { message: 'must be a UUID' })
  organisationId!: string;
}

export const QUALIFICATION_STATES = ['never_qualified', 'qualified', 'expired', 'suspended'] as const;

export class PlaceQualificationDto {
  @ApiProperty({ enum: QUALIFICATION_STATES, example: 'qualified' }) state!: (typeof QUALIFICATION_STATES)[number];
  @ApiProperty({ type: String, nullable: true, example: '2027-11-22' }) qualifiedUntil!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 1 }) referentialVersion!: number | null;
  @ApiProperty({ type: String, nullable: true, example: null }) suspensionReason!: string | null;
}

export class DayScheduleDto implements DaySchedule {
  @ApiProperty({ example: 'lundi' }) day!: string;
  @ApiProperty({ type: [String], example: ['09:00–12:00', '14:00–18:00'] }) periods!: string[];
}

export class NextOpeningDto {
  @ApiProperty({ description: "The place's local date and time.", example: '2026-12-08T09:00' }) at!: string;
  @ApiProperty({ example: 'demain à 09:00' }) inWords!: string;
}

export class PlaceDto extends PlaceFieldsDto {
  @ApiProperty({ example: '5b0e6a3c-0c39-4a53-a6e3-5f0b0c2f6c1d' }) id!: string;
  @ApiProperty({ description: "The national schema's `id`.", example: '5b0e6a3c-0c39-4a53-a6e3-5f0b0c2f6c1d' }) nationalId!: string;
  @ApiProperty({ type: String, nullable: true }) organisationId!: string | null;
  @ApiProperty({ example: '2026-11-23' }) date_maj!: string;
  @ApiProperty({ type: PlaceQualificationDto }) qualification!: PlaceQualificationDto;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Open at the time of the request (null: no opening hours).' }) openNow!:
    boolean | null;
  @ApiProperty({ type: [DayScheduleDto], nullable: true, description: 'This week’s opening, day by day, in the place’s time zone.' })
  week!: DayScheduleDto[] | null;
  @ApiProperty({
    type: NextOpeningDto,
    nullable: true,
    description: 'When a closed place opens next, within a week (null when open now or unknown).',
  })
  nextOpening!: NextOpeningDto | null;

  static from(place: PlaceEntity, today: string, hours: HoursNow | null): PlaceDto {
    const {
      organisation: _organisation,
      qualifiedUntil,
      qualificationReferentialVersion,
      suspendedAt,
      suspensionReason,
      createdAt: _c,
      updatedAt: _u,
      ...rest
    } = place;
    const state = suspendedAt
      ? 'suspended'
      : qualifiedUntil === null
        ? 'never_qualified'
        : qualifiedUntil >= today
          ? 'qualified'
          : 'expired';
    return {
      ...rest,
      qualification: { state, qualifiedUntil, referentialVersion: qualificationReferentialVersion, suspensionReason },
      openNow: hours?.openNow ?? null,
      week: hours?.week ?? null,
      nextOpening: hours?.nextOpening ?? null,
    };
  }
}

export class PlacePageDto {
  @ApiProperty({ type: [PlaceDto] }) items!: PlaceDto[];
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 50 }) pageSize!: number;
  @ApiProperty({ example: 120 }) total!: number;
  @ApiProperty({ example: 3 }) totalPages!: number;
}

/** The public search's page, which also offers a cursor to integrators reading every place. */
export class PlaceSearchPageDto extends PlacePageDto {
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}

export const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

export class PlaceSearchQueryDto {
  @ApiPropertyOptional({ description: 'Words in the name, commune, address or postcode.', example: 'médiathèque' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: SERVICES }) @IsOptional() @IsIn(SERVICES) service?: string;
  @ApiPropertyOptional({ description: 'INSEE commune code.', example: '33063' }) @IsOptional() @IsString() @MaxLength(5) commune?: string;
  @ApiPropertyOptional({ description: 'Département code.', example: '33' }) @IsOptional() @IsString() @MaxLength(3) departement?: string;
  @ApiPropertyOptional({ description: 'Only places open now (in their own time zone).' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  openNow?: boolean;
  @ApiPropertyOptional({ enum: MODALITES_ACCOMPAGNEMENT }) @IsOptional() @IsIn(MODALITES_ACCOMPAGNEMENT) modality?: string;
  @ApiPropertyOptional({ enum: PUBLICS_SPECIFIQUEMENT_ADRESSES }) @IsOptional() @IsIn(PUBLICS_SPECIFIQUEMENT_ADRESSES) public?: string;
  @ApiPropertyOptional({ enum: FRAIS_A_CHARGE }) @IsOptional() @IsIn(FRAIS_A_CHARGE) fees?: string;
  @ApiPropertyOptional({ enum: PRISES_EN_CHARGE_SPECIFIQUES }) @IsOptional() @IsIn(PRISES_EN_CHARGE_SPECIFIQUES) accessibility?: string;

  @ApiPropertyOptional({ description: 'Bounding box "west,south,east,north" in degrees.', example: '-0.7,44.7,-0.4,45.0' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((part) => (part.trim() === '' ? NaN : Number(part))) : value,
  )
  @IsArray({ message: 'must be "west,south,east,north"' })
  @ArrayMinSize(4, { message: 'must be "west,south,east,north"' })
  @ArrayMaxSize(4, { message: 'must be "west,south,east,north"' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true, message: 'must be four numbers "west,south,east,north"' })
  bbox?: number[];

  @ApiPropertyOptional({ default: 1 }) @IsOptional() @IsPageNumber() page: number = 1;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize: number = 50;
  @CursorQuery() cursor?: string;
}

export class ManagedPlacesQueryDto {
  @ApiPropertyOptional({ example: 'Bordeaux' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @IsPageNumber() page: number = 1;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize: number = 50;
}
