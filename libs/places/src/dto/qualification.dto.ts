import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  type Criterion,
  type CriterionKind,
  MAX_CRITERION_SCORE,
  QUALIFICATION_OUTCOMES,
  type QualificationOutcome,
  type Referential,
  type RenewalReminder,
  type RenewalReminders,
} from '@app/domain';
import type { PlaceSuspensionEntity } from '../entities/place-suspension.entity';
import type { QualificationApplicationEntity } from '../entities/qualification-application.entity';
import type { QualificationDecisionEntity } from '../entities/qualification-decision.entity';
import type { QualificationEvidenceEntity } from '../entities/qualification-evidence.entity';
import type { RegisterEntry, RegisterEvent, RenewalContext } from '../qualification.service';

export class CriterionDto implements Criterion {
  @ApiProperty({ example: 'MEDIATEUR' }) code!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'What the reviewer assesses.' }) assessed!: string;
  @ApiProperty({ description: 'Evidence expected from the place.' }) evidence!: string;
  @ApiProperty({ enum: ['mandatory', 'scored'] }) kind!: CriterionKind;
  @ApiProperty({ description: 'Weight of a scored criterion; 0 for a mandatory one.' }) weight!: number;
}

export class ReferentialDto implements Referential {
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ example: '2026-11-23' }) publishedOn!: string;
  @ApiProperty({ example: 60 }) passThresholdPercent!: number;
  @ApiProperty({ example: 12 }) validityMonths!: number;
  @ApiProperty({ example: MAX_CRITERION_SCORE, description: 'Scored criteria are marked from 0 to this.' }) maxScore!: number;
  @ApiProperty({ type: [CriterionDto] }) criteria!: CriterionDto[];
}

export class OpenApplicationDto {
  @ApiProperty({ description: 'The place applying.' }) @IsUUID('all', { message: 'must be a UUID' }) placeId!: string;
}

export class CriterionAnswerDto {
  @ApiProperty({ example: 'ACCUEIL' }) @IsString() @MaxLength(40) criterionCode!: string;
  @ApiProperty({ example: 'Ouvert du mardi au samedi, 25 h par semaine.' }) @IsString() @MaxLength(5000) text!: string;
  @ApiPropertyOptional({ type: [String], example: ['https://mediatheque.example/horaires'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  links: string[] = [];
}

export class SaveAnswersDto {
  @ApiProperty({ type: [CriterionAnswerDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CriterionAnswerDto)
  answers!: CriterionAnswerDto[];
}

export class CriterionScoreDto {
  @ApiProperty({ example: 'MEDIATEUR' }) @IsString() @MaxLength(40) criterionCode!: string;
  @ApiPropertyOptional({ description: 'Mandatory criteria: met or not.' }) @IsOptional() @IsBoolean() met?: boolean;
  @ApiPropertyOptional({ description: `Scored criteria: 0 to ${MAX_CRITERION_SCORE}.` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_CRITERION_SCORE)
  score?: number;
  @ApiProperty({ example: 'Attestation CCP1 fournie.' }) @IsString() @MaxLength(2000) comment: string = '';
}

export class DecideDto {
  @ApiProperty({ enum: QUALIFICATION_OUTCOMES }) @IsIn(QUALIFICATION_OUTCOMES) outcome!: QualificationOutcome;
  @ApiProperty({ example: 'Tous les critères obligatoires sont remplis ; score 78 %.' })
  @IsString()
  @MinLength(10)
  @MaxLength(5000)
  motivation!: string;
  @ApiProperty({ type: [CriterionScoreDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CriterionScoreDto)
  scores!: CriterionScoreDto[];
}

export class ReasonDto {
  @ApiProperty({ example: 'Signalements répétés de ventes forcées.' }) @IsString() @MinLength(5) @MaxLength(2000) reason!: string;
}

export class ApplicationQueryDto {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES }) @IsOptional() @IsIn(APPLICATION_STATUSES) status?: ApplicationStatus;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) placeId?: string;
}

export class EvidenceDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'MEDIATEUR' }) criterionCode!: string;
  @ApiProperty({ example: 'attestation.pdf' }) fileName!: string;
  @ApiProperty({ example: 'application/pdf' }) contentType!: string;
  @ApiProperty({ example: 48213 }) sizeBytes!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty() uploadedAt!: string;

  static from(evidence: QualificationEvidenceEntity): EvidenceDto {
    const { id, criterionCode, fileName, contentType, sizeBytes, sha256 } = evidence;
    return { id, criterionCode, fileName, contentType, sizeBytes, sha256, uploadedAt: new Date(evidence.uploadedAt).toISOString() };
  }
}

export class DecisionDto {
  @ApiProperty() id!: string;
  @ApiProperty() applicationId!: string;
  @ApiProperty() placeId!: string;
  @ApiProperty({ example: 1 }) referentialVersion!: number;
  @ApiProperty({ enum: QUALIFICATION_OUTCOMES }) outcome!: QualificationOutcome;
  @ApiProperty() motivation!: string;
  @ApiProperty({ type: [CriterionScoreDto] }) scores!: CriterionScoreDto[];
  @ApiProperty({ example: 78 }) scorePercent!: number;
  @ApiProperty() reviewerUserId!: string;
  @ApiProperty({ type: String, nullable: true }) validFrom!: string | null;
  @ApiProperty({ type: String, nullable: true }) validUntil!: string | null;
  @ApiProperty() decidedAt!: string;

  static from(decision: QualificationDecisionEntity): DecisionDto {
    const { place: _place, application: _application, decidedAt, ...rest } = decision;
    return {
      ...rest,
      scores: decision.scores.map((score) => ({ ...score, comment: score.comment ?? '' })),
      decidedAt: new Date(decidedAt).toISOString(),
    };
  }
}

export class RenewedQualificationDto {
  @ApiProperty({ type: DecisionDto, description: 'The qualified decision this application renews.' }) decision!: DecisionDto;
  @ApiProperty({ type: [EvidenceDto], description: 'The files of the application that decision qualified: each can be attached again.' })
  evidence!: EvidenceDto[];
}

export class ApplicationDto {
  @ApiProperty() id!: string;
  @ApiProperty() placeId!: string;
  @ApiProperty({ example: 'Médiathèque Flora Tristan' }) placeName!: string;
  @ApiProperty({ example: 1 }) referentialVersion!: number;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  @ApiProperty({ type: String, nullable: true, description: 'A renewal: the qualified decision it renews; null for a first application.' })
  renewalOfDecisionId!: string | null;
  @ApiPropertyOptional({
    type: RenewedQualificationDto,
    nullable: true,
    description: 'In the detail of an application only: what a renewal renews (null for a first application).',
  })
  renewal?: RenewedQualificationDto | null;
  @ApiProperty({ type: [CriterionAnswerDto] }) answers!: CriterionAnswerDto[];
  @ApiProperty({ type: [EvidenceDto] }) evidence!: EvidenceDto[];
  @ApiProperty({ type: String, nullable: true }) submittedAt!: string | null;
  @ApiProperty() updatedAt!: string;

  static from(
    application: QualificationApplicationEntity,
    evidence: QualificationEvidenceEntity[] = [],
    renewal?: RenewalContext | null,
  ): ApplicationDto {
    return {
      id: application.id,
      placeId: application.placeId,
      placeName: application.place?.nom ?? '',
      referentialVersion: application.referentialVersion,
      status: application.status,
      renewalOfDecisionId: application.renewalOfDecisionId,
      ...(renewal === undefined
        ? {}
        : {
            renewal: renewal
              ? { decision: DecisionDto.from(renewal.decision), evidence: renewal.evidence.map((item) => EvidenceDto.from(item)) }
              : null,
          }),
      answers: Object.entries(application.answers).map(([criterionCode, answer]) => ({
        criterionCode,
        text: answer.text,
        links: answer.links,
      })),
      evidence: evidence.map((item) => EvidenceDto.from(item)),
      submittedAt: application.submittedAt ? new Date(application.submittedAt).toISOString() : null,
      updatedAt: new Date(application.updatedAt).toISOString(),
    };
  }
}

export class ReattachEvidenceDto {
  @ApiProperty({ description: 'A file of an earlier application of the same place.' })
  @IsUUID('all', { message: 'must be a UUID' })
  evidenceId!: string;
}

export class SuspensionDto {
  @ApiProperty() id!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() suspendedAt!: string;
  @ApiProperty({ type: String, nullable: true }) liftedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) liftReason!: string | null;

  static from(suspension: PlaceSuspensionEntity): SuspensionDto {
    return {
      id: suspension.id,
      reason: suspension.reason,
      suspendedAt: new Date(suspension.suspendedAt).toISOString(),
      liftedAt: suspension.liftedAt ? new Date(suspension.liftedAt).toISOString() : null,
      liftReason: suspension.liftReason,
    };
  }
}

export class PlaceHistoryDto {
  @ApiProperty({ type: [DecisionDto] }) decisions!: DecisionDto[];
  @ApiProperty({ type: [SuspensionDto] }) suspensions!: SuspensionDto[];
}

const REGISTER_EVENTS: RegisterEvent[] = ['qualified', 'changes_requested', 'rejected', 'suspended', 'suspension_lifted', 'expired'];

export class RegisterEntryDto implements RegisterEntry {
  @ApiProperty() placeId!: string;
  @ApiProperty({ description: "The place's national-schema id." }) placeNationalId!: string;
  @ApiProperty() placeName!: string;
  @ApiProperty() commune!: string;
  @ApiProperty({
    enum: REGISTER_EVENTS,
    description: 'expired: a qualification ended without a renewal taking over (dated the first day without it).',
  })
  event!: RegisterEvent;
  @ApiProperty({ type: Number, nullable: true }) referentialVersion!: number | null;
  @ApiProperty({ example: '2026-11-23' }) date!: string;
  @ApiProperty({ type: String, nullable: true }) validFrom!: string | null;
  @ApiProperty({ type: String, nullable: true }) validUntil!: string | null;
}

export class RenewalQueryDto {
  @ApiPropertyOptional({ description: 'One place (of your own organisation).' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  placeId?: string;
}

export class RenewalInProgressDto {
  @ApiProperty() applicationId!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  @ApiProperty({ type: String, nullable: true }) submittedAt!: string | null;
}

export class RenewalReminderDto {
  @ApiProperty() placeId!: string;
  @ApiProperty({ example: 'Médiathèque Flora Tristan' }) placeName!: string;
  @ApiProperty({ example: 'Bordeaux' }) commune!: string;
  @ApiProperty({ example: '2027-01-15', description: 'Last day of the qualification.' }) qualifiedUntil!: string;
  @ApiProperty({ example: 20, description: 'Days until the last day (0 on it, negative once expired), in Europe/Paris.' })
  daysLeft!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 30,
    description: 'The reminder in force (one of reminderDays); null once expired.',
  })
  reminder!: number | null;
  @ApiProperty({ description: 'Suspended by the operator (its renewal is still possible).' }) suspended!: boolean;
  @ApiProperty({ type: RenewalInProgressDto, nullable: true, description: 'The renewal application in progress, if any.' })
  renewal!: RenewalInProgressDto | null;

  static from(reminder: RenewalReminder<Date>): RenewalReminderDto {
    return {
      ...reminder,
      renewal: reminder.renewal
        ? { ...reminder.renewal, submittedAt: reminder.renewal.submittedAt ? new Date(reminder.renewal.submittedAt).toISOString() : null }
        : null,
    };
  }
}

export class RenewalRemindersDto {
  @ApiProperty({ example: '2026-11-23', description: 'Today in Europe/Paris.' }) today!: string;
  @ApiProperty({ type: [Number], example: [90, 60, 30, 7], description: 'Reminder days before the end; renewal opens with the first.' })
  reminderDays!: number[];
  @ApiProperty({ type: [RenewalReminderDto], description: 'Qualifications ending within the first reminder, soonest first.' })
  expiring!: RenewalReminderDto[];
  @ApiProperty({ type: [RenewalReminderDto], description: 'Qualifications expired without a renewal, most recent first.' })
  expired!: RenewalReminderDto[];

  static from(reminders: RenewalReminders<Date>): RenewalRemindersDto {
    return {
      today: reminders.today,
      reminderDays: [...reminders.reminderDays],
      expiring: reminders.expiring.map((reminder) => RenewalReminderDto.from(reminder)),
      expired: reminders.expired.map((reminder) => RenewalReminderDto.from(reminder)),
    };
  }
}
