/**
 * Qualification of places: applications with answers and evidence, reviews scored against the
 * published referential, decisions, suspensions, and the public register of all of them.
 * Every step is audited; decisions and suspensions are rows that are never changed.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { AuditService } from '@app/audit';
import { WebhooksService } from '@app/webhooks';
import { checkedDocument } from '@app/documents';
import { NotificationsService, qualificationDecisionMail } from '@app/mail';
import { queryRows, uniqueViolation } from '@app/database';
import {
  type ApplicationStatus,
  type AuthenticatedActor,
  type Clock,
  CLOCK,
  type CriterionAnswer,
  type CriterionScore,
  currentReferential,
  addDays,
  DEFAULT_RENEWAL_REMINDER_DAYS,
  DomainError,
  localDate,
  outcomeRefusal,
  type QualificationOutcome,
  qualificationPeriod,
  qualificationToday,
  type Referential,
  referentialVersion,
  renewalStatus,
  scoreProblems,
  sniffDocumentType,
  fileNameForType,
  summariseScores,
  type UserActor,
} from '@app/domain';
import { isHttpUrl } from './domain/place-fields';
import { PlaceSuspensionEntity } from './entities/place-suspension.entity';
import { PlaceEntity } from './entities/place.entity';
import { QualificationApplicationEntity } from './entities/qualification-application.entity';
import { QualificationDecisionEntity } from './entities/qualification-decision.entity';
import { QualificationEvidenceEntity } from './entities/qualification-evidence.entity';
import { canManage, PlacesService } from './places.service';

const EDITABLE: ApplicationStatus[] = ['draft', 'changes_requested'];

export interface Decision {
  outcome: QualificationOutcome;
  motivation: string;
  scores: CriterionScore[];
}

export type RegisterEvent = 'qualified' | 'changes_requested' | 'rejected' | 'suspended' | 'suspension_lifted' | 'expired';

/** What a renewal application carries besides its own answers: the decision it renews and that application's files. */
export interface RenewalContext {
  decision: QualificationDecisionEntity;
  evidence: QualificationEvidenceEntity[];
}

/** One line of the public register. */
export interface RegisterEntry {
  placeId: string;
  placeNationalId: string;
  placeName: string;
  commune: string;
  event: RegisterEvent;
  referentialVersion: number | null;
  date: string;
  validFrom: string | null;
  validUntil: string | null;
}

@Injectable()
export class QualificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly places: PlacesService,
    private readonly audit: AuditService,
    private readonly config: ConfigService,
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhooksService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  referential(version?: number): Referential {
    const referential = version === undefined ? currentReferential() : referentialVersion(version);
    if (!referential) throw DomainError.notFound('referential version');
    return { ...referential, validityMonths: this.validityMonths() };
  }

  /**
   * A place organisation opens an application for one of its places (one open at a time). For a
   * place qualified before, it is a renewal of its latest qualified decision: allowed from the
   * first reminder before the end (and any time after), its answers pre-filled from that decision's
   * application for the criteria the current referential still has.
   */
  async apply(actor: AuthenticatedActor, placeId: string): Promise<QualificationApplicationEntity> {
    this.assertPlaceSide(actor);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const place = await this.places.lockManaged(manager, actor, placeId);
        const referential = currentReferential();
        const renewed = await this.renewableDecision(manager, place);
        const answers = renewed ? await this.answersStillAsked(manager, renewed.applicationId, referential) : {};
        const application = manager.getRepository(QualificationApplicationEntity).create({
          placeId,
          referentialVersion: referential.version,
          status: 'draft',
          answers,
          renewalOfDecisionId: renewed?.id ?? null,
          createdBy: actor.kind === 'user' ? actor.userId : null,
        });
        await manager.getRepository(QualificationApplicationEntity).insert(application);
        await this.audit.record(manager, actor, {
          action: renewed ? 'qualification.renewal_opened' : 'qualification.application_opened',
          objectType: 'qualification_application',
          objectId: application.id,
          changes: {
            placeId,
            referentialVersion: application.referentialVersion,
            ...(renewed
              ? { renewalOfDecisionId: renewed.id, qualifiedUntil: place.qualifiedUntil, prefilledCriteria: Object.keys(answers) }
              : {}),
          },
        });
        return application;
      });
    } catch (error) {
      if (uniqueViolation(error) === 'qualification_applications_open_unique') {
        throw new DomainError('conflict', 'This place already has an application in progress', { code: 'application_already_open' });
      }
      throw error;
    }
  }

  /** The qualified decision a new application of this place renews (null: a first application); refused before the renewal opens. */
  private async renewableDecision(manager: EntityManager, place: PlaceEntity): Promise<QualificationDecisionEntity | null> {
    const status = renewalStatus(place.qualifiedUntil, qualificationToday(this.clock.now()), this.reminderDays());
    switch (status.stage) {
      case 'never_qualified':
        return null;
      case 'in_force':
        throw new DomainError(
          'invalid_transition',
          `The qualification runs until ${place.qualifiedUntil}: its renewal can be asked for from ${status.renewableFrom}`,
          { code: 'renewal_not_open', qualifiedUntil: place.qualifiedUntil, renewableFrom: status.renewableFrom },
        );
      case 'due':
      case 'expired':
        return manager
          .getRepository(QualificationDecisionEntity)
          .findOne({ where: { placeId: place.id, outcome: 'qualified' }, order: { decidedAt: 'DESC' } });
    }
  }

  /** The answers of an earlier application, for the criteria of `referential` only. */
  private async answersStillAsked(
    manager: EntityManager,
    applicationId: string,
    referential: Referential,
  ): Promise<Record<string, CriterionAnswer>> {
    const previous = await manager.getRepository(QualificationApplicationEntity).findOneByOrFail({ id: applicationId });
    return Object.fromEntries(
      Object.entries(previous.answers).filter(([code]) => referential.criteria.some((criterion) => criterion.code === code)),
    );
  }

  async list(
    actor: AuthenticatedActor,
    filter: { status?: ApplicationStatus; placeId?: string },
  ): Promise<QualificationApplicationEntity[]> {
    const query = this.dataSource
      .getRepository(QualificationApplicationEntity)
      .createQueryBuilder('application')
      .innerJoinAndSelect('application.place', 'place')
      .orderBy('application.updated_at', 'DESC');
    if (actor.organisationKind !== 'operator')
      query.where('place.organisation_id = :organisationId', { organisationId: actor.organisationId });
    if (filter.status) query.andWhere('application.status = :status', { status: filter.status });
    if (filter.placeId) query.andWhere('application.place_id = :placeId', { placeId: filter.placeId });
    return query.getMany();
  }

  async get(
    actor: AuthenticatedActor,
    id: string,
  ): Promise<{ application: QualificationApplicationEntity; evidence: QualificationEvidenceEntity[]; renewal: RenewalContext | null }> {
    const application = await this.dataSource
      .getRepository(QualificationApplicationEntity)
      .findOne({ where: { id }, relations: { place: true, renewalOf: true } });
    if (!application?.place || !canManage(actor, application.place)) throw DomainError.notFound('application');
    const evidenceOf = (applicationId: string) =>
      this.dataSource.getRepository(QualificationEvidenceEntity).find({ where: { applicationId }, order: { uploadedAt: 'ASC' } });
    const renewed = application.renewalOf;
    const [evidence, previousEvidence] = await Promise.all([evidenceOf(id), renewed ? evidenceOf(renewed.applicationId) : []]);
    return { application, evidence, renewal: renewed ? { decision: renewed, evidence: previousEvidence } : null };
  }

  /** Replaces the answers given so far (criteria not sent are kept). */
  async answer(actor: AuthenticatedActor, id: string, answers: Record<string, CriterionAnswer>): Promise<QualificationApplicationEntity> {
    this.assertPlaceSide(actor);
    const referential = this.referential();
    const problems = Object.entries(answers).flatMap(([code, answer]) => {
      const found: string[] = [];
      if (!referential.criteria.some((criterion) => criterion.code === code))
        found.push(`is not a criterion of referential version ${referential.version}`);
      for (const link of answer.links) if (!isHttpUrl(link)) found.push(`"${link}" is not an http(s) link`);
      return found.length > 0 ? [{ field: `answers.${code}`, problems: found }] : [];
    });
    if (problems.length > 0) throw DomainError.validation(problems);
    return this.dataSource.transaction(async (manager) => {
      const application = await this.lockEditable(manager, actor, id);
      const merged = { ...application.answers, ...answers };
      await manager.getRepository(QualificationApplicationEntity).update({ id }, { answers: merged });
      await this.audit.record(manager, actor, {
        action: 'qualification.answers_saved',
        objectType: 'qualification_application',
        objectId: id,
        changes: { criteria: Object.keys(answers) },
      });
      return manager.getRepository(QualificationApplicationEntity).findOneByOrFail({ id });
    });
  }

  async addEvidence(
    actor: AuthenticatedActor,
    id: string,
    criterionCode: string,
    fileName: string,
    contentType: string | undefined,
    content: unknown,
  ): Promise<QualificationEvidenceEntity> {
    this.assertPlaceSide(actor);
    // Whose application and whether it can change, before the file costs anything (again under lock below).
    await this.lockEditable(this.dataSource.manager, actor, id, false);
    if (!this.referential().criteria.some((criterion) => criterion.code === criterionCode)) {
      throw DomainError.validation([{ field: 'criterion', problems: ['is not a criterion of the referential'] }]);
    }
    const bytes = await checkedDocument(content, contentType, 'file');
    return this.dataSource.transaction(async (manager) => {
      await this.lockEditable(manager, actor, id);
      const evidence = manager.getRepository(QualificationEvidenceEntity).create({
        applicationId: id,
        criterionCode,
        fileName: fileNameForType(fileName, bytes.type, 'piece-justificative'),
        contentType: bytes.type,
        sizeBytes: bytes.content.length,
        sha256: createHash('sha256').update(bytes.content).digest('hex'),
        content: bytes.content,
        uploadedBy: actor.kind === 'user' ? actor.userId : null,
      });
      await manager.getRepository(QualificationEvidenceEntity).insert(evidence);
      await this.audit.record(manager, actor, {
        action: 'qualification.evidence_added',
        objectType: 'qualification_application',
        objectId: id,
        changes: { evidenceId: evidence.id, criterionCode, fileName: evidence.fileName, sha256: evidence.sha256 },
      });
      delete evidence.content;
      return evidence;
    });
  }

  /**
   * Attaches again a file of an earlier application of the same place (a renewal re-uses its
   * evidence). The same file on the same criterion is attached once: a repeat answers the first.
   */
  async reattachEvidence(actor: AuthenticatedActor, id: string, evidenceId: string): Promise<QualificationEvidenceEntity> {
    this.assertPlaceSide(actor);
    return this.dataSource.transaction(async (manager) => {
      const application = await this.lockEditable(manager, actor, id);
      const [source] = await queryRows<{ criterion_code: string; sha256: string }>(
        manager,
        `SELECT e.criterion_code, e.sha256 FROM qualification_evidence e
           JOIN qualification_applications a ON a.id = e.application_id
          WHERE e.id = $1 AND a.place_id = $2 AND a.id <> $3`,
        [evidenceId, application.placeId, id],
      );
      if (!source) throw DomainError.notFound('evidence');
      if (!this.referential(application.referentialVersion).criteria.some((criterion) => criterion.code === source.criterion_code)) {
        throw DomainError.validation([
          {
            field: 'evidenceId',
            problems: [`its criterion ${source.criterion_code} is not in referential version ${application.referentialVersion}`],
          },
        ]);
      }
      const repository = manager.getRepository(QualificationEvidenceEntity);
      const already = await repository.findOneBy({ applicationId: id, criterionCode: source.criterion_code, sha256: source.sha256 });
      if (already) return already;
      const [copy] = await queryRows<{ id: string }>(
        manager,
        `INSERT INTO qualification_evidence (application_id, criterion_code, file_name, content_type, size_bytes, sha256, content, uploaded_by)
         SELECT $1, criterion_code, file_name, content_type, size_bytes, sha256, content, $3 FROM qualification_evidence WHERE id = $2
         RETURNING id`,
        [id, evidenceId, actor.kind === 'user' ? actor.userId : null],
      );
      const evidence = await repository.findOneByOrFail({ id: copy.id });
      await this.audit.record(manager, actor, {
        action: 'qualification.evidence_reattached',
        objectType: 'qualification_application',
        objectId: id,
        changes: { evidenceId: evidence.id, fromEvidenceId: evidenceId, criterionCode: evidence.criterionCode, sha256: evidence.sha256 },
      });
      return evidence;
    });
  }

  async evidenceFile(
    actor: AuthenticatedActor,
    applicationId: string,
    evidenceId: string,
  ): Promise<{ fileName: string; contentType: string; content: Buffer }> {
    await this.get(actor, applicationId);
    const evidence = await this.dataSource
      .getRepository(QualificationEvidenceEntity)
      .createQueryBuilder('evidence')
      .addSelect('evidence.content')
      .where('evidence.id = :evidenceId AND evidence.application_id = :applicationId', { evidenceId, applicationId })
      .getOne();
    if (!evidence?.content) throw DomainError.notFound('evidence');
    // Files stored before names were made to match their type are named right on the way out too.
    const type = sniffDocumentType(evidence.content);
    const fileName = type ? fileNameForType(evidence.fileName, type, 'piece-justificative') : evidence.fileName;
    return { fileName, contentType: evidence.contentType, content: evidence.content };
  }

  /** Sends the application to the reviewers; every criterion needs an answer first. */
  async submit(actor: AuthenticatedActor, id: string): Promise<QualificationApplicationEntity> {
    this.assertPlaceSide(actor);
    return this.dataSource.transaction(async (manager) => {
      const application = await this.lockEditable(manager, actor, id);
      const referential = this.referential(application.referentialVersion);
      const unanswered = referential.criteria.filter((criterion) => !application.answers[criterion.code]?.text?.trim());
      if (unanswered.length > 0) {
        throw DomainError.validation(
          unanswered.map((criterion) => ({ field: `answers.${criterion.code}`, problems: ['needs an answer before submitting'] })),
        );
      }
      await manager.getRepository(QualificationApplicationEntity).update({ id }, { status: 'submitted', submittedAt: this.clock.now() });
      await this.audit.record(manager, actor, { action: 'qualification.submitted', objectType: 'qualification_application', objectId: id });
      return manager.getRepository(QualificationApplicationEntity).findOneByOrFail({ id });
    });
  }

  /** An operator reviewer scores every criterion and decides; a qualification updates the place. */
  async decide(actor: UserActor, id: string, decision: Decision): Promise<QualificationDecisionEntity> {
    return this.dataSource.transaction(async (manager) => {
      const application = await manager.getRepository(QualificationApplicationEntity).findOne({
        where: { id },
        relations: { place: true },
        lock: { mode: 'pessimistic_write', tables: ['qualification_applications'] },
      });
      if (!application?.place) throw DomainError.notFound('application');
      // Nobody reviews their own organisation's place.
      if (application.place.organisationId === actor.organisationId) {
        throw new DomainError('forbidden', 'A reviewer cannot decide on a place of their own organisation');
      }
      if (application.status !== 'submitted') {
        throw new DomainError('invalid_transition', `Only a submitted application can be decided (this one is ${application.status})`, {
          code: 'application_not_submitted',
        });
      }
      const referential = this.referential(application.referentialVersion);
      const problems = scoreProblems(referential, decision.scores);
      if (problems.length > 0) {
        throw DomainError.validation(
          problems.map((problem) => ({ field: `scores.${problem.criterionCode}`, problems: [problem.problem] })),
        );
      }
      const summary = summariseScores(referential, decision.scores);
      const refusal = outcomeRefusal(decision.outcome, summary);
      if (refusal) throw DomainError.validation([{ field: 'outcome', problems: [`cannot be "qualified": ${refusal}`] }]);

      // The place's current end, read under lock: a renewal in time follows on from it.
      const place = await manager
        .getRepository(PlaceEntity)
        .findOneOrFail({ where: { id: application.placeId }, lock: { mode: 'pessimistic_write' } });
      const qualified = decision.outcome === 'qualified';
      const period = qualified ? qualificationPeriod(place.qualifiedUntil, this.clock.now(), this.validityMonths()) : null;
      const validUntil = period?.validUntil ?? null;
      const record = manager.getRepository(QualificationDecisionEntity).create({
        applicationId: id,
        placeId: application.placeId,
        referentialVersion: referential.version,
        outcome: decision.outcome,
        motivation: decision.motivation,
        scores: decision.scores,
        scorePercent: summary.scorePercent,
        reviewerUserId: actor.userId,
        validFrom: period?.validFrom ?? null,
        validUntil,
        // The clock's instant: the register dates the decision and the period from the same day.
        decidedAt: this.clock.now(),
      });
      await manager.getRepository(QualificationDecisionEntity).insert(record);
      await manager.getRepository(QualificationApplicationEntity).update({ id }, { status: decision.outcome });
      if (qualified) {
        await manager
          .getRepository(PlaceEntity)
          .update({ id: application.placeId }, { qualifiedUntil: validUntil, qualificationReferentialVersion: referential.version });
      }
      await this.audit.record(manager, actor, {
        action: `qualification.${decision.outcome}`,
        objectType: 'place',
        objectId: application.placeId,
        changes: {
          applicationId: id,
          decisionId: record.id,
          scorePercent: summary.scorePercent,
          validFrom: period?.validFrom ?? null,
          validUntil,
          motivation: decision.motivation,
          ...(application.renewalOfDecisionId
            ? {
                renewalOfDecisionId: application.renewalOfDecisionId,
                previousValidUntil: place.qualifiedUntil,
                continues: period?.continues ?? false,
              }
            : {}),
        },
      });
      // The place's people learn the decision once it commits (the mail and the webhook are part of this transaction).
      if (place.organisationId) {
        await this.webhooks.enqueue(manager, {
          organisationId: place.organisationId,
          type: 'qualification.decided',
          at: record.decidedAt,
          data: {
            placeId: application.placeId,
            applicationId: id,
            decisionId: record.id,
            outcome: decision.outcome,
            scorePercent: summary.scorePercent,
            validFrom: period?.validFrom ?? null,
            validUntil,
          },
        });
        await this.notifications.notify(manager, [
          {
            kind: 'qualification_decision',
            organisationId: place.organisationId,
            path: `/qualification/${id}`,
            content: (links) =>
              qualificationDecisionMail({
                placeName: place.nom,
                outcome: decision.outcome,
                motivation: decision.motivation,
                validUntil,
                ...links,
              }),
          },
        ]);
      }
      return record;
    });
  }

  async suspend(actor: UserActor, placeId: string, reason: string): Promise<PlaceEntity> {
    return this.dataSource.transaction(async (manager) => {
      const place = await this.places.lockManaged(manager, actor, placeId);
      if (place.suspendedAt) throw new DomainError('invalid_transition', 'The place is already suspended', { code: 'already_suspended' });
      if (!place.qualifiedUntil)
        throw new DomainError('invalid_transition', 'Only a qualified place can be suspended', { code: 'not_qualified' });
      const now = this.clock.now();
      await manager.getRepository(PlaceSuspensionEntity).insert({ placeId, reason, suspendedAt: now, suspendedBy: actor.userId });
      await manager.getRepository(PlaceEntity).update({ id: placeId }, { suspendedAt: now, suspensionReason: reason });
      await this.audit.record(manager, actor, { action: 'place.suspended', objectType: 'place', objectId: placeId, changes: { reason } });
      return manager.getRepository(PlaceEntity).findOneByOrFail({ id: placeId });
    });
  }

  async liftSuspension(actor: UserActor, placeId: string, reason: string): Promise<PlaceEntity> {
    return this.dataSource.transaction(async (manager) => {
      const place = await this.places.lockManaged(manager, actor, placeId);
      const open = await manager.getRepository(PlaceSuspensionEntity).findOneBy({ placeId, liftedAt: IsNull() });
      if (!place.suspendedAt || !open) throw new DomainError('invalid_transition', 'The place is not suspended', { code: 'not_suspended' });
      await manager
        .getRepository(PlaceSuspensionEntity)
        .update({ id: open.id }, { liftedAt: this.clock.now(), liftedBy: actor.userId, liftReason: reason });
      await manager.getRepository(PlaceEntity).update({ id: placeId }, { suspendedAt: null, suspensionReason: null });
      await this.audit.record(manager, actor, {
        action: 'place.suspension_lifted',
        objectType: 'place',
        objectId: placeId,
        changes: { reason },
      });
      return manager.getRepository(PlaceEntity).findOneByOrFail({ id: placeId });
    });
  }

  /** A place's full history for its managers and the operator: decisions with scores, suspensions. */
  async history(
    actor: AuthenticatedActor,
    placeId: string,
  ): Promise<{ decisions: QualificationDecisionEntity[]; suspensions: PlaceSuspensionEntity[] }> {
    await this.places.getManaged(actor, placeId);
    const [decisions, suspensions] = await Promise.all([
      this.dataSource.getRepository(QualificationDecisionEntity).find({ where: { placeId }, order: { decidedAt: 'DESC' } }),
      this.dataSource.getRepository(PlaceSuspensionEntity).find({ where: { placeId }, order: { suspendedAt: 'DESC' } }),
    ]);
    return { decisions, suspensions };
  }

  /** The public register: every decision, suspension and lifting, newest first. */
  async register(): Promise<RegisterEntry[]> {
    const [decisions, suspensions] = await Promise.all([
      this.dataSource.getRepository(QualificationDecisionEntity).find({ relations: { place: true } }),
      this.dataSource.getRepository(PlaceSuspensionEntity).find({ relations: { place: true } }),
    ]);
    const entries: Array<RegisterEntry & { at: Date }> = [];
    for (const decision of decisions) {
      entries.push({
        ...placeColumns(decision.place as PlaceEntity),
        event: decision.outcome,
        referentialVersion: decision.referentialVersion,
        date: localDate(decision.decidedAt),
        validFrom: decision.validFrom,
        validUntil: decision.validUntil,
        at: decision.decidedAt,
      });
    }
    for (const suspension of suspensions) {
      const place = placeColumns(suspension.place as PlaceEntity);
      entries.push({
        ...place,
        event: 'suspended',
        referentialVersion: null,
        date: localDate(suspension.suspendedAt),
        validFrom: null,
        validUntil: null,
        at: suspension.suspendedAt,
      });
      if (suspension.liftedAt) {
        entries.push({
          ...place,
          event: 'suspension_lifted',
          referentialVersion: null,
          date: localDate(suspension.liftedAt),
          validFrom: null,
          validUntil: null,
          at: suspension.liftedAt,
        });
      }
    }
    for (const lapse of lapses(decisions, localDate(this.clock.now()))) {
      entries.push({
        ...placeColumns(lapse.place as PlaceEntity),
        event: 'expired',
        referentialVersion: lapse.referentialVersion,
        date: addDays(lapse.validUntil as string, 1),
        validFrom: lapse.validFrom,
        validUntil: lapse.validUntil,
        // Sorted as the start of its day (the lapse has no time of its own).
        at: new Date(`${addDays(lapse.validUntil as string, 1)}T00:00:00Z`),
      });
    }
    return entries
      .sort((a, b) => b.at.getTime() - a.at.getTime() || a.placeName.localeCompare(b.placeName))
      .map(({ at: _at, ...entry }) => entry);
  }

  private validityMonths(): number {
    return this.config.get<number>('QUALIFICATION_VALIDITY_MONTHS') ?? 12;
  }

  reminderDays(): readonly number[] {
    return this.config.get<number[]>('QUALIFICATION_REMINDER_DAYS') ?? DEFAULT_RENEWAL_REMINDER_DAYS;
  }

  private assertPlaceSide(actor: AuthenticatedActor): void {
    if (actor.organisationKind !== 'place')
      throw new DomainError('forbidden', 'Only the place’s own organisation applies for qualification');
  }

  /** The application if the actor's organisation manages its place and it can still change; `lock: false` only reads. */
  private async lockEditable(
    manager: EntityManager,
    actor: AuthenticatedActor,
    id: string,
    lock = true,
  ): Promise<QualificationApplicationEntity> {
    const application = await manager.getRepository(QualificationApplicationEntity).findOne({
      where: { id },
      relations: { place: true },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const, tables: ['qualification_applications'] } } : {}),
    });
    if (!application?.place || !canManage(actor, application.place)) throw DomainError.notFound('application');
    if (!EDITABLE.includes(application.status)) {
      throw new DomainError('invalid_transition', `The application can no longer be changed (it is ${application.status})`, {
        code: 'application_locked',
      });
    }
    return application;
  }
}

/**
 * Qualified decisions whose period ended before `today` without another qualification taking over
 * the next day: the lapses of the register. A later decision takes over when its period starts by
 * that day (a renewal in time starts exactly then; one decided later starts after a gap).
 */
function lapses(decisions: QualificationDecisionEntity[], today: string): QualificationDecisionEntity[] {
  const qualified = decisions.filter((decision) => decision.outcome === 'qualified' && decision.validFrom && decision.validUntil);
  return qualified.filter((decision) => {
    const nextDay = addDays(decision.validUntil as string, 1);
    if (nextDay > today) return false;
    return !qualified.some(
      (other) =>
        other.placeId === decision.placeId &&
        other.decidedAt > decision.decidedAt &&
        (other.validFrom as string) <= nextDay &&
        (other.validUntil as string) >= nextDay,
    );
  });
}

function placeColumns(place: PlaceEntity): Pick<RegisterEntry, 'placeId' | 'placeNationalId' | 'placeName' | 'commune'> {
  return { placeId: place.id, placeNationalId: place.nationalId, placeName: place.nom, commune: place.commune };
}
