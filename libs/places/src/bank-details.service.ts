/**
 * Where a place organisation is paid. Submitting new details supersedes the current ones (kept
 * as history) and needs a fresh verification by the operator; unverified details block payouts.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { electronicFormatIBAN, isValidBIC, isValidIBAN, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import { DataSource, IsNull } from 'typeorm';
import { AuditService } from '@app/audit';
import { uniqueViolation } from '@app/database';
import { checkedDocument } from '@app/documents';
import {
  type AuthenticatedActor,
  type Clock,
  CLOCK,
  DomainError,
  type FieldProblem,
  fileNameForType,
  maskIban,
  sepaNameProblem,
  sniffDocumentType,
  type UserActor,
} from '@app/domain';
import { OrganisationsService } from '@app/identity';
import { bankDetailsReviewedMail, NotificationsService } from '@app/mail';
import { BankDetailsEntity } from './entities/bank-details.entity';

export interface BankDetailsInput {
  iban: string;
  bic: string;
  accountHolder: string;
}

/** Every answer names the organisation the account belongs to (the operator's screens show it). */
const WITH_ORGANISATION = { organisation: true } as const;

/**
 * Where the organisation `organisationId` (an SQL expression) is paid: its current details with their
 * status, at most one row (bank_details_id, status, iban, bic, account_holder), found through the
 * unique index of current details. Settlement joins it (LATERAL) into the one statement that writes a
 * batch's lines for thousands of payees, rather than carrying every account through the API.
 */
export function currentPayoutAccountSql(organisationId: string): string {
  return `SELECT id AS bank_details_id, status, iban, bic, account_holder
            FROM bank_details WHERE organisation_id = ${organisationId} AND superseded_at IS NULL`;
}

@Injectable()
export class BankDetailsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsService,
    private readonly notifications: NotificationsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The current details of an organisation: its own place organisation, or any for the operator. */
  async current(actor: AuthenticatedActor, organisationId: string): Promise<BankDetailsEntity | null> {
    this.assertCanSee(actor, organisationId);
    return this.dataSource
      .getRepository(BankDetailsEntity)
      .findOne({ where: { organisationId, supersededAt: IsNull() }, relations: WITH_ORGANISATION });
  }

  async history(actor: AuthenticatedActor, organisationId: string): Promise<BankDetailsEntity[]> {
    this.assertCanSee(actor, organisationId);
    return this.dataSource
      .getRepository(BankDetailsEntity)
      .find({ where: { organisationId }, relations: WITH_ORGANISATION, order: { submittedAt: 'DESC' } });
  }

  /** The operator's queue: current details waiting for verification. */
  async awaitingVerification(): Promise<BankDetailsEntity[]> {
    return this.dataSource.getRepository(BankDetailsEntity).find({
      where: { status: 'submitted', supersededAt: IsNull() },
      relations: WITH_ORGANISATION,
      order: { submittedAt: 'ASC' },
    });
  }

  async submit(actor: AuthenticatedActor, input: BankDetailsInput): Promise<BankDetailsEntity> {
    // A place is paid on its account; a funder is refunded on its own (a closed programme's credit note).
    if (actor.organisationKind !== 'place' && actor.organisationKind !== 'funder') {
      throw new DomainError('forbidden', 'Only a place or a funder organisation enters its bank details');
    }
    const details = checkedBankDetails(input);
    const organisationId = actor.organisationId;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const repository = manager.getRepository(BankDetailsEntity);
        const previous = await repository.findOne({
          where: { organisationId, supersededAt: IsNull() },
          lock: { mode: 'pessimistic_write' },
        });
        if (previous) await repository.update({ id: previous.id }, { supersededAt: this.clock.now() });
        const next = repository.create({
          ...details,
          organisationId,
          status: 'submitted',
          submittedBy: actor.kind === 'user' ? actor.userId : null,
        });
        await repository.insert(next);
        await this.audit.record(manager, actor, {
          action: 'bank_details.submitted',
          objectType: 'organisation',
          objectId: organisationId,
          // Masked even in the audit trail: the full number lives in one table only.
          changes: {
            bankDetailsId: next.id,
            iban: maskIban(details.iban),
            previousIban: previous ? maskIban(previous.iban) : null,
            ibanChanged: previous ? previous.iban !== details.iban : true,
            accountHolder: details.accountHolder,
          },
        });
        return repository.findOneOrFail({ where: { id: next.id }, relations: WITH_ORGANISATION });
      });
    } catch (error) {
      if (uniqueViolation(error) === 'bank_details_current_unique') {
        throw new DomainError('conflict', 'The bank details were changed at the same moment; reload and try again');
      }
      throw error;
    }
  }

  /** The place attaches the bank's statement of the account (RIB) to its current details. */
  async attachProof(
    actor: AuthenticatedActor,
    fileName: string,
    contentType: string | undefined,
    content: unknown,
  ): Promise<BankDetailsEntity> {
    // Details to attach it to, still open to change, before the file costs anything (again under lock below).
    assertProofAttachable(
      await this.dataSource.getRepository(BankDetailsEntity).findOneBy({ organisationId: actor.organisationId, supersededAt: IsNull() }),
    );
    const document = await checkedDocument(content, contentType, 'proof');
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(BankDetailsEntity);
      const current = await repository.findOne({
        where: { organisationId: actor.organisationId, supersededAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      assertProofAttachable(current);
      await repository.update(
        { id: current.id },
        { proof: document.content, proofContentType: document.type, proofFileName: fileNameForType(fileName, document.type, 'rib') },
      );
      await this.audit.record(manager, actor, {
        action: 'bank_details.proof_attached',
        objectType: 'organisation',
        objectId: actor.organisationId,
        changes: { bankDetailsId: current.id },
      });
      return repository.findOneOrFail({ where: { id: current.id }, relations: WITH_ORGANISATION });
    });
  }

  async proof(
    actor: AuthenticatedActor,
    organisationId: string,
    id: string,
  ): Promise<{ fileName: string; contentType: string; content: Buffer }> {
    this.assertCanSee(actor, organisationId);
    const row = await this.dataSource
      .getRepository(BankDetailsEntity)
      .createQueryBuilder('details')
      .addSelect('details.proof')
      .where('details.id = :id AND details.organisation_id = :organisationId', { id, organisationId })
      .getOne();
    if (!row?.proof || !row.proofContentType) throw DomainError.notFound('proof');
    // Files stored before names were made to match their type are named right on the way out too.
    const type = sniffDocumentType(row.proof);
    const fileName = type ? fileNameForType(row.proofFileName ?? '', type, 'rib') : (row.proofFileName ?? 'rib');
    return { fileName, contentType: row.proofContentType, content: row.proof };
  }

  /** The operator checks the details against the proof, and verifies or rejects them. */
  async review(
    actor: UserActor,
    organisationId: string,
    id: string,
    verdict: 'verified' | 'rejected',
    note: string | undefined,
  ): Promise<BankDetailsEntity> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(BankDetailsEntity);
      const details = await repository
        .createQueryBuilder('details')
        .setLock('pessimistic_write')
        .addSelect('details.proof IS NOT NULL', 'has_proof')
        .where('details.id = :id AND details.organisation_id = :organisationId', { id, organisationId })
        .getRawAndEntities();
      const current = details.entities[0];
      if (!current) throw DomainError.notFound('bank details');
      if (current.supersededAt)
        throw new DomainError('invalid_transition', 'These details were replaced by newer ones', { code: 'bank_details_superseded' });
      if (current.status !== 'submitted') {
        // A double click changes nothing twice.
        if (current.status === verdict) return repository.findOneOrFail({ where: { id }, relations: WITH_ORGANISATION });
        throw new DomainError('invalid_transition', `The details are already ${current.status}`, { code: 'bank_details_reviewed' });
      }
      if (verdict === 'verified' && !details.raw[0]?.has_proof) {
        throw new DomainError('invalid_transition', 'Verification needs the bank’s statement of the account (RIB) attached', {
          code: 'proof_missing',
        });
      }
      if (verdict === 'rejected' && !note?.trim()) throw DomainError.validation([{ field: 'note', problems: ['is required to reject'] }]);
      await repository.update(
        { id },
        { status: verdict, reviewedBy: actor.userId, reviewedAt: this.clock.now(), reviewNote: note?.trim() || null },
      );
      await this.audit.record(manager, actor, {
        action: `bank_details.${verdict}`,
        objectType: 'organisation',
        objectId: organisationId,
        changes: { bankDetailsId: id, iban: maskIban(current.iban), note: note ?? null },
      });
      const reviewed = await repository.findOneOrFail({ where: { id }, relations: WITH_ORGANISATION });
      await this.notifications.notify(manager, [
        {
          kind: verdict === 'verified' ? 'bank_details_verified' : 'bank_details_rejected',
          organisationId,
          path: '/coordonnees-bancaires',
          content: (links) =>
            bankDetailsReviewedMail({
              organisationName: reviewed.organisation?.name ?? '',
              maskedIban: maskIban(current.iban),
              verdict,
              note: reviewed.reviewNote,
              ...links,
            }),
        },
      ]);
      return reviewed;
    });
  }

  /** Verified details or null: what settlement pays to. */
  async verifiedFor(organisationId: string): Promise<BankDetailsEntity | null> {
    return this.dataSource.getRepository(BankDetailsEntity).findOneBy({ organisationId, supersededAt: IsNull(), status: 'verified' });
  }

  private assertCanSee(actor: AuthenticatedActor, organisationId: string): void {
    if (actor.organisationKind !== 'operator' && actor.organisationId !== organisationId) throw DomainError.notFound('bank details');
  }
}

const IBAN_PROBLEMS: Partial<Record<ValidationErrorsIBAN, string>> = {
  [ValidationErrorsIBAN.NoIBANProvided]: 'is required',
  [ValidationErrorsIBAN.NoIBANCountry]: 'has an unknown country code',
  [ValidationErrorsIBAN.WrongBBANLength]: 'has the wrong length for its country',
  [ValidationErrorsIBAN.WrongBBANFormat]: 'has characters in the wrong places for its country',
  [ValidationErrorsIBAN.ChecksumNotNumber]: 'check digits must be digits',
  [ValidationErrorsIBAN.WrongIBANChecksum]: 'check digits are wrong (a typing mistake?)',
  [ValidationErrorsIBAN.WrongAccountBankBranchChecksum]: 'national check key (clé RIB) is wrong',
};

/** Normalises and checks IBAN (ISO 13616), BIC (ISO 9362) and holder; every problem named. */
export function checkedBankDetails(input: BankDetailsInput): BankDetailsInput {
  const iban = electronicFormatIBAN(input.iban) ?? '';
  const bic = input.bic.replace(/\s+/g, '').toUpperCase();
  const accountHolder = input.accountHolder.trim();
  const holderProblem = sepaNameProblem(accountHolder);
  const problems: FieldProblem[] = [];
  if (!isValidIBAN(iban)) {
    const found = validateIBAN(iban).errorCodes.map((code) => IBAN_PROBLEMS[code] ?? 'is not a valid IBAN');
    problems.push({ field: 'iban', problems: found.length > 0 ? [...new Set(found)] : ['is not a valid IBAN'] });
  } else if (!iban.startsWith('FR') && !/^(MC|GP|MQ|GF|RE|YT|PM|BL|MF|NC|PF|WF)/.test(iban)) {
    // Payouts are SEPA credit transfers in euros to French accounts (including overseas and Monaco).
    problems.push({ field: 'iban', problems: ['must be a French account (FR, or an overseas/Monaco code)'] });
  }
  if (!isValidBIC(bic)) problems.push({ field: 'bic', problems: ['is not a valid BIC (8 or 11 characters, e.g. BNPAFRPP)'] });
  if (accountHolder.length < 2 || accountHolder.length > 70)
    problems.push({ field: 'accountHolder', problems: ['must be 2 to 70 characters (SEPA limit)'] });
  // Written in the transfer file as the bank reads it (transliterated to the EPC Latin set): a name must survive that.
  else if (holderProblem) problems.push({ field: 'accountHolder', problems: [holderProblem] });
  if (problems.length > 0) throw DomainError.validation(problems);
  return { iban, bic, accountHolder };
}

/** The bank statement goes with the current details, until they are reviewed. */
function assertProofAttachable(current: BankDetailsEntity | null): asserts current is BankDetailsEntity {
  if (!current) throw DomainError.notFound('bank details');
  if (current.status !== 'submitted') {
    throw new DomainError('invalid_transition', `The details are ${current.status}: submit new details to change them`, {
      code: 'bank_details_reviewed',
    });
  }
}
