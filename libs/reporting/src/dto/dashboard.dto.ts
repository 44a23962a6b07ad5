import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { type CsvFormat, EXPIRY_ALERT_LEVELS } from '@app/domain';
import { CsvFormatField, IsCalendarDay } from '@app/access';
import { DelayDto } from '@app/settlement';

export class DashboardQueryDto {
  @ApiPropertyOptional({ description: 'One programme (absent: all your programmes)', format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  programmeId?: string;

  @ApiPropertyOptional({
    description: 'First day of the period (Europe/Paris), inclusive; absent: from the beginning',
    example: '2026-09-01',
  })
  @IsOptional()
  @IsCalendarDay()
  from?: string;

  @ApiPropertyOptional({ description: 'Last day of the period, inclusive; absent: today', example: '2026-11-30' })
  @IsOptional()
  @IsCalendarDay()
  to?: string;
}

/** A table of the dashboard as CSV: the same period, and the file's format. */
export class DashboardCsvQueryDto extends DashboardQueryDto {
  @CsvFormatField()
  format: CsvFormat = 'rfc4180';
}

export class FigureDto {
  @ApiProperty({ description: 'Number of cheques', example: 120 })
  cheques!: number;

  @ApiProperty({ description: 'Their face value, in integer cents', example: 120000 })
  amountCents!: number;
}

export class ExpiryAlertDto {
  @ApiProperty({ format: 'uuid' })
  programmeId!: string;

  @ApiProperty({ example: 'Pass numérique Gironde 2027' })
  programmeName!: string;

  @ApiProperty({ description: "The programme's last day", example: '2027-12-31' })
  validUntil!: string;

  @ApiProperty({ description: 'Days until the last day (0 on the last day)', example: 12 })
  daysLeft!: number;

  @ApiProperty({ description: 'The alert in force: 30, 15 or 7 days before the end', enum: EXPIRY_ALERT_LEVELS })
  level!: number;

  @ApiProperty({ description: 'Booklets still holding cheques nobody received', example: 4 })
  bookletsNotHandedOut!: number;

  @ApiProperty({ description: 'Cheques handed out to people but not used yet', example: 37 })
  chequesHandedOutUnused!: number;
}

export class ReportTableDto {
  @ApiProperty({ description: 'Stable id, also the name of its CSV: /api/reporting/dashboard/<id>.csv', example: 'profils' })
  id!: string;

  @ApiProperty({ example: "Personnes ayant reçu des chèques, par tranche d'âge et situation" })
  title!: string;

  @ApiProperty({ description: 'Counts of people: cells below the threshold (and their complements) are hidden' })
  aboutPeople!: boolean;

  @ApiProperty({
    description: 'Columns: key, French label, kind (text, count, amount in cents, days, rate)',
    type: 'array',
    items: { type: 'object' },
  })
  columns!: object[];

  @ApiProperty({
    description: 'Rows: column key → number, text, or { hidden: "secret" } for a hidden count of people (its value is never sent)',
    type: 'array',
    items: { type: 'object' },
  })
  rows!: object[];

  @ApiPropertyOptional({ description: 'The published totals', type: 'object', additionalProperties: true })
  total?: object;

  @ApiPropertyOptional({ description: 'How to read the table, in French' })
  note?: string;
}

export class UsageFunnelDto {
  @ApiProperty({ description: 'Booklets ordered in the period', example: 200 })
  bought!: number;

  @ApiProperty({ description: 'Booklets allocated to a distributor in the period', example: 150 })
  allocated!: number;

  @ApiProperty({ description: 'Booklets handed out to people in the period (one hand-out, one person)', example: 120 })
  handedOut!: number;

  @ApiProperty({ description: 'Of those: booklets with at least one cheque used since', example: 80 })
  firstUsed!: number;

  @ApiProperty({ description: 'Of those: booklets whose every cheque was used', example: 30 })
  fullyUsed!: number;

  @ApiProperty({ description: 'Of those: booklets with a cheque expired unused', example: 5 })
  expired!: number;

  @ApiProperty({ description: 'Face value handed out, in integer cents', example: 600000 })
  handedOutCents!: number;

  @ApiProperty({ description: 'Of it, the value used at places, in integer cents', example: 310000 })
  usedCents!: number;

  @ApiProperty({
    description: 'usedCents / handedOutCents (0..1); null when nothing was handed out',
    nullable: true,
    type: Number,
    example: 0.517,
  })
  valueUseRate!: number | null;

  @ApiProperty({
    description: 'Median days from hand-out to the first use; null when fewer booklets than the small-cell threshold were used',
    nullable: true,
    type: Number,
    example: 9,
  })
  medianDaysToFirstUse!: number | null;

  @ApiProperty({
    description: 'Booklets handed out 30 days or more before the last refresh with no cheque used (nor expired)',
    example: 12,
  })
  unusedAfter30Days!: number;
}

export class DashboardDto {
  @ApiProperty({
    description: 'Programme (or null for all), the programmes you may choose from, and the period',
    type: 'object',
    additionalProperties: true,
  })
  scope!: object;

  @ApiProperty({ description: 'When the figures were computed from the raw tables (null: never yet)', nullable: true, type: String })
  refreshedAt!: string | null;

  @ApiProperty({ description: 'Counts of people below this are hidden', example: 5 })
  smallCellThreshold!: number;

  @ApiProperty({
    description: 'Cheques issued, funded, handed out, redeemed, settled, expired, cancelled in the period (each { cheques, amountCents })',
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/FigureDto' },
  })
  totals!: object;

  @ApiProperty({
    description: 'Of the cheques handed out in the period, how many were used since, and the rate (0..1)',
    type: 'object',
    additionalProperties: true,
  })
  rateOfUse!: object;

  @ApiProperty({
    description: 'Median days from a hand-out to the first use of one of its cheques (null when fewer people than the threshold used one)',
    nullable: true,
    type: Number,
  })
  medianDaysToFirstUse!: number | null;

  @ApiProperty({
    description:
      'People who received cheques (one hand-out, one person) in the whole months over of peoplePeriod; "secret" from 1 to the threshold - 1',
    oneOf: [{ type: 'integer' }, { type: 'string', enum: ['secret'] }],
  })
  people!: number | 'secret';

  @ApiProperty({
    description:
      'The days people counts (people, tables of people) cover: the whole calendar months over that the period touches (from null: from the beginning); snapped when they differ from the period asked for; null when no month of the period is over',
    nullable: true,
    type: 'object',
    properties: {
      from: { type: 'string', nullable: true, example: '2026-03-01' },
      to: { type: 'string', example: '2026-05-31' },
      snapped: { type: 'boolean' },
    },
  })
  peoplePeriod!: { from: string | null; to: string; snapped: boolean } | null;

  @ApiProperty({
    description: 'Cheques handed out and redeemed per week and per month (period = first day)',
    type: 'object',
    additionalProperties: true,
  })
  series!: object;

  @ApiProperty({
    type: DelayDto,
    nullable: true,
    description:
      'The operator only (null for a funder): how long places waited for the money of the redemptions of the period and programme, from the redemption to the booking day (p50, p95 in days); per département in the table delais-paiement',
  })
  paymentDelay!: DelayDto | null;

  @ApiProperty({
    description: 'The usage funnel of the programmes in scope (its tables are those whose id starts with entonnoir)',
    type: UsageFunnelDto,
  })
  funnel!: UsageFunnelDto;

  @ApiProperty({ type: [ReportTableDto] })
  tables!: ReportTableDto[];

  @ApiProperty({ type: [ExpiryAlertDto] })
  alerts!: ExpiryAlertDto[];
}

export class FunnelProgrammeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Pass numérique Gironde 2027' }) name!: string;
  @ApiProperty({ example: 'GIR-2027' }) code!: string;
}

/** A distributor's own usage funnel. */
export class DistributorFunnelDto {
  @ApiProperty({ description: 'When the figures were computed from the raw tables (null: never yet)', nullable: true, type: String })
  refreshedAt!: string | null;

  @ApiProperty({ description: 'Counts of people below this are hidden', example: 5 })
  smallCellThreshold!: number;

  @ApiProperty({
    description: 'The whole months over that the tables by commune and age band cover (null: none over yet)',
    nullable: true,
    type: 'object',
    properties: {
      from: { type: 'string', nullable: true, example: '2026-03-01' },
      to: { type: 'string', example: '2026-05-31' },
      snapped: { type: 'boolean' },
    },
  })
  peoplePeriod!: { from: string | null; to: string; snapped: boolean } | null;

  @ApiProperty({ description: 'The programmes of which you hold booklets', type: [FunnelProgrammeDto] })
  programmes!: FunnelProgrammeDto[];

  @ApiProperty({ type: UsageFunnelDto })
  funnel!: UsageFunnelDto;

  @ApiProperty({ description: 'Tables: entonnoir, entonnoir-programmes, entonnoir-communes, entonnoir-ages', type: [ReportTableDto] })
  tables!: ReportTableDto[];
}

export class RefreshResultDto {
  @ApiProperty({ description: 'False when another refresh was already running (refreshedAt is then null).' }) ran!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the figures were computed.' })
  refreshedAt!: string | null;
}
