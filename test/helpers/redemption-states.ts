/**
 * Generated redemption attempts (a place's state, a service and the states of the cheques given,
 * with their programmes) and the rows that hold exactly them, written in bulk on a real database,
 * without the demo seed. Every date is relative to the day of the attempt, one of a few fixed days
 * chosen for their boundaries: never the real today.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { ClientBase } from 'pg';
import {
  addDays,
  CHEQUE_STATUSES,
  type ChequeStatus,
  departementOfCommune,
  generateChequeCode,
  hashChequeCode,
  type IsoDate,
  localDate,
  PROGRAMME_STATUSES,
  type ProgrammeStatus,
  type Service,
  SERVICES,
  startOfDayIn,
} from '@app/domain';
import type { SpendChequesInput } from '@app/redemption';

/** Days of attempts: the two changes of time in Paris, a leap day, the last day of a year. */
export const ATTEMPT_DAYS: readonly IsoDate[] = ['2027-03-28', '2027-10-31', '2028-02-29', '2026-12-31'];
/** When in the day (Paris time): its first millisecond, noon or its last millisecond. */
const TIMES_OF_DAY = ['first_instant', 'noon', 'last_instant'] as const;

const DAY_MS = 86_400_000;
const COMMUNES = ['33063', '33281', '2A004', '97411', '75056'];
/** Codes a programme's territory may list: those communes, their départements and others. */
const TERRITORY_CODES = ['33', '33063', '33281', '2A', '2A004', '2B', '974', '97411', '971', '75', '75056', '13055'];

export interface ChequeState {
  status: ChequeStatus;
  programmeStatus: ProgrammeStatus;
  validFrom: IsoDate;
  validUntil: IsoDate;
  graceDays: number;
  territoryCodes: string[];
  eligibleServices: string[];
}

export interface PlaceState {
  communeCode: string | null;
  qualifiedUntil: IsoDate | null;
  suspendedAt: Date | null;
}

export interface RedemptionState {
  occurredAt: Date;
  place: PlaceState;
  category: Service;
  /** One or two cheques, each of its own programme: all are spent or none. */
  cheques: ChequeState[];
}

/** Mostly a value that lets the cheque through, sometimes any: both outcomes stay frequent. */
function mostly<T>(likely: fc.Arbitrary<T>, any: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: 5, arbitrary: likely }, { weight: 1, arbitrary: any });
}

/** Days from the attempt's day, the boundaries -1, 0 and 1 as often as all the others. */
function offset(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min, max }));
}

type Territory = { own: 'none' | 'commune' | 'departement'; others: string[] };

const territoryArbitrary: fc.Arbitrary<Territory> = mostly<Territory>(
  fc.oneof(
    fc.constant<Territory>({ own: 'none', others: [] }),
    fc.record({ own: fc.constantFrom('commune' as const, 'departement' as const), others: fc.subarray(TERRITORY_CODES, { maxLength: 3 }) }),
  ),
  fc.record({ own: fc.constant('none' as const), others: fc.subarray(TERRITORY_CODES, { minLength: 1, maxLength: 4 }) }),
);

type Services = { withCategory: boolean; others: string[] };

const servicesArbitrary: fc.Arbitrary<Services> = mostly<Services>(
  fc.oneof(
    fc.constant<Services>({ withCategory: false, others: [] }),
    fc.record({ withCategory: fc.constant(true), others: fc.subarray([...SERVICES], { maxLength: 3 }) }),
  ),
  fc.record({ withCategory: fc.constant(false), others: fc.subarray([...SERVICES], { minLength: 1 }) }),
);

const chequeArbitrary = fc.record({
  status: mostly(fc.constant<ChequeStatus>('distributed'), fc.constantFrom(...CHEQUE_STATUSES)),
  programmeStatus: mostly(fc.constant<ProgrammeStatus>('active'), fc.constantFrom(...PROGRAMME_STATUSES)),
  firstDay: offset(-90, 5),
  // The last day a place may redeem (last day + grace days), from the attempt's day.
  deadline: offset(-30, 90),
  graceDays: fc.oneof(fc.constantFrom(0, 1, 31), fc.integer({ min: 0, max: 60 })),
  territory: territoryArbitrary,
  services: servicesArbitrary,
});

const placeArbitrary = fc.record({
  communeCode: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...COMMUNES) }, { weight: 1, arbitrary: fc.constant(null) }),
  qualifiedUntil: mostly<number | null>(
    fc.oneof(fc.constantFrom(0, 1), fc.integer({ min: 0, max: 400 })),
    fc.oneof(fc.constant(null), offset(-400, 400)),
  ),
  // Milliseconds from the attempt: a suspension after it does not count (an offline scan synced later).
  suspendedAt: mostly<number | null>(fc.constant(null), fc.constantFrom(-DAY_MS, -1, 0, 1, DAY_MS)),
});

export const redemptionStateArbitrary: fc.Arbitrary<RedemptionState> = fc
  .record({
    day: fc.constantFrom(...ATTEMPT_DAYS),
    time: fc.constantFrom(...TIMES_OF_DAY),
    place: placeArbitrary,
    category: fc.constantFrom(...SERVICES),
    cheques: fc.oneof(
      { weight: 3, arbitrary: fc.tuple(chequeArbitrary) },
      { weight: 1, arbitrary: fc.tuple(chequeArbitrary, chequeArbitrary) },
    ),
  })
  .map(({ day, time, place, category, cheques }) => {
    const occurredAt = instantOn(day, time);
    const communeCode = place.communeCode;
    return {
      occurredAt,
      place: {
        communeCode,
        qualifiedUntil: place.qualifiedUntil === null ? null : addDays(day, place.qualifiedUntil),
        suspendedAt: place.suspendedAt === null ? null : new Date(occurredAt.getTime() + place.suspendedAt),
      },
      category,
      cheques: cheques.map((cheque) => {
        const validUntil = addDays(day, cheque.deadline - cheque.graceDays);
        const firstDay = addDays(day, cheque.firstDay);
        return {
          status: cheque.status,
          programmeStatus: cheque.programmeStatus,
          validFrom: firstDay < validUntil ? firstDay : validUntil,
          validUntil,
          graceDays: cheque.graceDays,
          territoryCodes: territoryOf(cheque.territory, communeCode),
          eligibleServices: unique(cheque.services.withCategory ? [...cheque.services.others, category] : cheque.services.others),
        };
      }),
    };
  });

function instantOn(day: IsoDate, time: (typeof TIMES_OF_DAY)[number]): Date {
  const start = startOfDayIn(day).getTime();
  const instant = new Date(
    time === 'first_instant' ? start : time === 'noon' ? start + DAY_MS / 2 : startOfDayIn(addDays(day, 1)).getTime() - 1,
  );
  if (localDate(instant) !== day) throw new Error(`${instant.toISOString()} is not on ${day} in Paris`);
  return instant;
}

function territoryOf(territory: Territory, communeCode: string | null): string[] {
  const own =
    communeCode === null || territory.own === 'none' ? [] : [territory.own === 'commune' ? communeCode : departementOfCommune(communeCode)];
  return unique([...territory.others, ...own]);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** The organisations the rows belong to: a place's (it redeems) and a funder's (its programmes). */
export interface StateOwners {
  placeOrganisationId: string;
  funderOrganisationId: string;
}

/** Writes the two organisations (committed: every transaction of the test uses them). */
export async function writeStateOwners(client: ClientBase): Promise<StateOwners> {
  const owners = { placeOrganisationId: randomUUID(), funderOrganisationId: randomUUID() };
  await client.query(
    `INSERT INTO organisations (id, name, kind) VALUES ($1, 'Lieu des états générés', 'place'), ($2, 'Financeur des états générés', 'funder')`,
    [owners.placeOrganisationId, owners.funderOrganisationId],
  );
  return owners;
}

/**
 * Writes exactly the rows of these attempts (a place, its service, each cheque with its programme and
 * booklet, the claimed Idempotency-Key), six statements in all, and answers what the spend statement
 * needs for each attempt. Run it in a transaction rolled back afterwards.
 */
export async function writeRedemptionStates(
  client: ClientBase,
  states: RedemptionState[],
  owners: StateOwners,
): Promise<SpendChequesInput[]> {
  const rows = { programmes: [] as object[], booklets: [] as object[], cheques: [] as object[], places: [] as object[] };
  const entries: object[] = [];
  const claims: object[] = [];
  const attempts = states.map((state): SpendChequesInput => {
    const place = { id: randomUUID(), organisationId: owners.placeOrganisationId, communeCode: state.place.communeCode };
    const service = { id: randomUUID(), category: state.category };
    const claim = { organisationId: owners.placeOrganisationId, key: randomUUID() };
    rows.places.push({
      id: place.id,
      organisation_id: place.organisationId,
      national_id: `etat-${place.id}`,
      code_insee: place.communeCode,
      date_maj: localDate(state.occurredAt),
      qualified_until: state.place.qualifiedUntil,
      suspended_at: state.place.suspendedAt?.toISOString() ?? null,
    });
    entries.push({ id: service.id, entry_id: randomUUID(), place_id: place.id, category: service.category, price: state.cheques.length });
    claims.push({ organisation_id: claim.organisationId, key: claim.key });
    const codes = state.cheques.map((cheque) => {
      const programmeId = randomUUID();
      const bookletId = randomUUID();
      const code = generateChequeCode();
      rows.programmes.push({
        id: programmeId,
        code: `ETAT-${programmeId}`,
        funder_organisation_id: owners.funderOrganisationId,
        status: cheque.programmeStatus,
        valid_from: cheque.validFrom,
        valid_until: cheque.validUntil,
        grace_days: cheque.graceDays,
        territory_codes: cheque.territoryCodes,
        eligible_services: cheque.eligibleServices,
      });
      rows.booklets.push({ id: bookletId, programme_id: programmeId, serial: `ETAT-${bookletId}` });
      rows.cheques.push({
        programme_id: programmeId,
        booklet_id: bookletId,
        code_hash: hashChequeCode(code).toString('hex'),
        status: cheque.status,
      });
      return code;
    });
    return {
      codes,
      occurredAt: state.occurredAt,
      place,
      service,
      redemption: { id: randomUUID(), channel: 'online', agentUserId: randomUUID(), agentApiTokenId: null },
      claim,
    };
  });
  await client.query(
    `INSERT INTO programmes (id, code, funder_organisation_id, name, status, face_value_cents, cheques_per_booklet, booklet_count,
                             valid_from, valid_until, grace_days, territory_codes, eligible_services, created_by_user_id)
     SELECT r.id, r.code, r.funder_organisation_id, 'Programme généré', r.status::programme_status, 1000, 1, 1,
            r.valid_from, r.valid_until, r.grace_days, r.territory_codes, r.eligible_services, gen_random_uuid()
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, code text, funder_organisation_id uuid, status text, valid_from date,
                                               valid_until date, grace_days int, territory_codes text[], eligible_services text[])`,
    [JSON.stringify(rows.programmes)],
  );
  await client.query(
    `INSERT INTO booklets (id, programme_id, number, serial)
     SELECT r.id, r.programme_id, 1, r.serial FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, programme_id uuid, serial text)`,
    [JSON.stringify(rows.booklets)],
  );
  await client.query(
    `INSERT INTO cheques (programme_id, booklet_id, position, code_hash, code_ciphertext, signature, signing_key_id, status)
     SELECT r.programme_id, r.booklet_id, 1, decode(r.code_hash, 'hex'), '\\x00'::bytea, decode(repeat('00', 64), 'hex'), 'etat',
            r.status::cheque_status
       FROM jsonb_to_recordset($1::jsonb) AS r(programme_id uuid, booklet_id uuid, code_hash text, status text)`,
    [JSON.stringify(rows.cheques)],
  );
  await client.query(
    `INSERT INTO places (id, organisation_id, national_id, pivot, nom, commune, code_postal, code_insee, adresse, date_maj,
                         qualified_until, suspended_at)
     SELECT r.id, r.organisation_id, r.national_id, '00000000000000', 'Lieu généré', 'Commune', '00000', r.code_insee, '1 rue du Test',
            r.date_maj, r.qualified_until, r.suspended_at
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, organisation_id uuid, national_id text, code_insee text, date_maj date,
                                               qualified_until date, suspended_at timestamptz)`,
    [JSON.stringify(rows.places)],
  );
  await client.query(
    `INSERT INTO catalogue_entries (id, entry_id, version, place_id, name, category, modality, duration_minutes, price_in_cheques)
     SELECT r.id, r.entry_id, 1, r.place_id, 'Service généré', r.category, 'individual', 60, r.price
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, entry_id uuid, place_id uuid, category text, price int)`,
    [JSON.stringify(entries)],
  );
  await client.query(
    `INSERT INTO idempotency_records (organisation_id, key, operation, request_hash)
     SELECT r.organisation_id, r.key, 'redemption', '\\x00'::bytea FROM jsonb_to_recordset($1::jsonb) AS r(organisation_id uuid, key text)`,
    [JSON.stringify(claims)],
  );
  return attempts;
}
