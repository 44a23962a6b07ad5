/**
 * Every environment variable the API reads, validated once at start-up: the app refuses to start
 * on a bad value and names the variable. Keep `.env.example` and the README table in step.
 */
import 'reflect-metadata';
import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import { isValidBIC, isValidIBAN } from 'ibantools';
import {
  DEFAULT_OUTBOX_RETENTION_DAYS,
  DEFAULT_RENEWAL_REMINDER_DAYS,
  DEFAULT_SETTLEMENT_SCHEDULE,
  parseReminderDays,
  SETTLEMENT_CADENCES,
  type SettlementCadence,
  type Weekday,
  WEEKDAYS,
} from '@app/domain';
import { MAIL_TRANSPORT_KINDS } from '@app/mail/mail-transport';
import {
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
  validateSync,
} from 'class-validator';

export const NODE_ENVIRONMENTS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const emptyAsUndefined = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);
// Reads the raw string (obj[key]): implicit conversion would already have turned "false" into true.
const toBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }): unknown => {
  const raw = obj[key];
  if (raw === undefined || raw === '') return undefined;
  if (raw === true || raw === 'true' || raw === '1') return true;
  if (raw === false || raw === 'false' || raw === '0') return false;
  return raw;
};

/**
 * TRUST_PROXY as Fastify takes it: false, a number of proxy hops, or the proxies' addresses. "true"
 * means one hop (the usual single reverse proxy), never "trust every X-Forwarded-For entry": the
 * leftmost entries are the client's to write, and the login throttling counts by address.
 */
const toTrustProxy = ({ obj, key }: { obj: Record<string, unknown>; key: string }): unknown => {
  const raw = obj[key];
  if (raw === undefined || raw === '' || raw === false || raw === 'false' || raw === '0') return false;
  if (raw === true || raw === 'true') return 1;
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && /^\d+$/.test(raw)) return Number(raw);
  return raw;
};

/** Each entry of a TRUST_PROXY list: an IPv4 or IPv6 address, with an optional prefix length. */
function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || isIP(address) === 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (isIP(address) === 4 ? 32 : 128);
}

@ValidatorConstraint({ name: 'trustProxy' })
class TrustProxyValue implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === false) return true;
    if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 10;
    return typeof value === 'string' && value.split(',').every((entry) => isAddressOrRange(entry.trim()));
  }

  defaultMessage(): string {
    return 'TRUST_PROXY must be false, true (one proxy), a number of proxies (1 to 10), or their addresses (e.g. 10.0.0.0/8,127.0.0.1)';
  }
}

export class Environment {
  @IsIn(NODE_ENVIRONMENTS)
  NODE_ENV: (typeof NODE_ENVIRONMENTS)[number] = 'development';

  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString()
  HOST: string = '0.0.0.0';

  /** Unset: an embedded PostgreSQL is started in DATA_DIR/postgres. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsUrl(
    { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true },
    { message: 'DATABASE_URL must be a postgres:// URL' },
  )
  DATABASE_URL?: string;

  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString()
  DATA_DIR: string = './.data';

  /** The platform's public address: printed on cheques and in invitation links. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL: string = 'http://localhost:3000';

  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_TTL_HOURS: number = 12;

  /** Login throttling (docs/adr/0009-login-throttling.md): every counter counts failed sign-ins in a window this long. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_WINDOW_MINUTES: number = 15;

  /** Failed sign-ins on one account from one address (IPv6: one /64) per window. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: number = 10;

  /** Failed sign-ins on one account from all browsers it does not know, every address together, per window. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(10_000)
  LOGIN_MAX_FAILURES_PER_ACCOUNT: number = 50;

  /** Failed sign-ins on one account from one browser it knows (device cookie) per window. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES_PER_KNOWN_DEVICE: number = 10;

  /** Failed sign-ins from one address (IPv6: one /64), every account together, per window. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  LOGIN_MAX_FAILURES_PER_ADDRESS: number = 100;

  /** How long a browser stays known to an account after its last successful sign-in (device cookie). */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(400)
  LOGIN_KNOWN_DEVICE_DAYS: number = 90;

  /** Behind reverse proxies, read the client's address and protocol from X-Forwarded-* (see toTrustProxy). */
  @Transform(toTrustProxy)
  @Validate(TrustProxyValue)
  TRUST_PROXY: false | number | string = false;

  /** Ed25519 private key signing cheques (PKCS#8 PEM, or its base64). Generated into DATA_DIR/keys outside production. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString()
  CHEQUE_SIGNING_KEY?: string;

  /** Key id published with the public key (default: a fingerprint of the key). */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString()
  CHEQUE_SIGNING_KEY_ID?: string;

  /** 32 random bytes, base64: encrypts stored cheque codes. Generated into DATA_DIR/keys outside production. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString()
  CHEQUE_CODE_KEY?: string;

  /** Bearer token of GET /metrics (Prometheus); unset, /metrics answers 404. At least 32 characters (e.g. openssl rand -hex 32). */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters (e.g. openssl rand -hex 32)' })
  METRICS_TOKEN?: string;

  /** The operator's fee on the face value of an order, in basis points (250 = 2.5 %). */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  OPERATOR_FEE_BASIS_POINTS: number = 0;

  /** How long a place's qualification lasts before it must be renewed. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  QUALIFICATION_VALIDITY_MONTHS: number = 12;

  /** Days before the end of a qualification when its place is reminded to renew ("90,60,30,7"); renewal opens with the first. */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? undefined : Array.isArray(value) ? value : (parseReminderDays(String(value)) ?? String(value)),
  )
  @IsOptional()
  @IsArray({ message: 'QUALIFICATION_REMINDER_DAYS must be 1 to 10 numbers of days from 0 to 366, separated by commas (e.g. 90,60,30,7)' })
  QUALIFICATION_REMINDER_DAYS: number[] = [...DEFAULT_RENEWAL_REMINDER_DAYS];

  /** How long a place's offline bundle (keys, cancelled cheques, catalogue) may be used without network. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(168)
  OFFLINE_BUNDLE_HOURS: number = 24;

  /** The most cheques a scanner may queue offline before it must sync (bounds an undetected double use). */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  OFFLINE_MAX_CHEQUES: number = 20;

  /** Tile URL template of the public map (Leaflet); OpenStreetMap's by default. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString()
  MAP_TILE_URL: string = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

  /** Attribution shown on the map for those tiles (HTML allowed, as the tile provider requires). */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString()
  MAP_TILE_ATTRIBUTION: string = '&copy; <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>';

  /** How often unused cheques past their programme's end (plus grace) are expired; 0 disables the job. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24 * 60)
  EXPIRY_JOB_INTERVAL_MINUTES: number = 60;

  /** How often today's funds coverage is computed and stored (docs/funds-coverage.md); 0 disables the job. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24 * 60)
  FUNDS_COVERAGE_JOB_INTERVAL_MINUTES: number = 60;

  /** The operator's account debited by settlement transfers (SEPA file). Outside production, a demo account when unset. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(70, { message: 'SETTLEMENT_DEBTOR_NAME must be at most 70 characters (SEPA)' })
  SETTLEMENT_DEBTOR_NAME?: string;

  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value !== '' ? value.replace(/\s+/g, '').toUpperCase() : undefined,
  )
  @IsOptional()
  @IsString()
  SETTLEMENT_DEBTOR_IBAN?: string;

  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value !== '' ? value.replace(/\s+/g, '').toUpperCase() : undefined,
  )
  @IsOptional()
  @IsString()
  SETTLEMENT_DEBTOR_BIC?: string;

  /** How often places are paid: a batch is built at each cut-off (midnight in Paris) by the settlement job. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsIn(SETTLEMENT_CADENCES, { message: `SETTLEMENT_SCHEDULE must be one of ${SETTLEMENT_CADENCES.join(', ')}` })
  SETTLEMENT_SCHEDULE: SettlementCadence = DEFAULT_SETTLEMENT_SCHEDULE.cadence;

  /** Weekly cadence: the day whose midnight cuts the batch (monday: the batch covers up to Sunday night). */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value !== '' ? value.toLowerCase() : undefined))
  @IsOptional()
  @IsIn(WEEKDAYS, { message: `SETTLEMENT_CUTOFF_WEEKDAY must be one of ${WEEKDAYS.join(', ')}` })
  SETTLEMENT_CUTOFF_WEEKDAY: Weekday = DEFAULT_SETTLEMENT_SCHEDULE.cutOffWeekday;

  /** How often the settlement job checks whether the latest cut-off's batch is built, in minutes; 0 disables it in this process. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24 * 60)
  SETTLEMENT_JOB_INTERVAL_MINUTES: number = 15;

  /** How often the reporting figures (dashboards, open usage data) are recomputed from the raw tables; 0 disables the job. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24 * 60)
  REPORTING_REFRESH_MINUTES: number = 10;

  /** Cells counting fewer people than this are shown as "< N" in dashboards and open data (statistical secrecy). */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(100)
  SMALL_CELL_THRESHOLD: number = 5;

  /** E-mail (docs/adr/0010-outbox-and-periodic-jobs.md): smtp://user:pass@host:587 (STARTTLS when offered; ?requireTLS=true to insist) or smtps://…:465. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsUrl(
    { protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true },
    { message: 'SMTP_URL must be an smtp:// or smtps:// URL' },
  )
  SMTP_URL?: string;

  /** The sender of every e-mail, e.g. "Pass numérique <ne-pas-repondre@example.org>" (default: ne-pas-repondre@ PUBLIC_URL's host). */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(300)
  MAIL_FROM?: string;

  /** smtp (needs SMTP_URL) | file (.eml files in DATA_DIR/mail) | log; default: smtp with SMTP_URL, else file (refused in production). */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsIn(MAIL_TRANSPORT_KINDS)
  MAIL_TRANSPORT?: (typeof MAIL_TRANSPORT_KINDS)[number];

  /** How often the outbox worker looks for e-mails to send, in seconds; 0 disables it in this process. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3600)
  MAIL_OUTBOX_POLL_SECONDS: number = 5;

  /** How long sent and given-up e-mails stay in the outbox (recipient, subject, kind) before the notification job deletes them, in days. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  MAIL_OUTBOX_RETENTION_DAYS: number = DEFAULT_OUTBOX_RETENTION_DAYS;

  /** How often the notification job sends reminders and alerts and purges the outbox, in minutes; 0 disables it in this process. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24 * 60)
  NOTIFICATIONS_JOB_INTERVAL_MINUTES: number = 60;

  /** La Coop de la médiation numérique (docs/la-coop.md): after a redemption, « Compléter mon compte rendu sur La Coop » opens its pre-filled form there; empty turns the link off. */
  @ValidateIf((environment: { LA_COOP_URL?: string }) => environment.LA_COOP_URL !== '')
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'LA_COOP_URL must be an http(s) URL such as https://coop-numerique.anct.gouv.fr, or empty to turn the link off' },
  )
  LA_COOP_URL: string = 'https://coop-numerique.anct.gouv.fr';

  /** How often the webhook sender looks for deliveries due, in seconds (docs/webhooks.md); 0 disables it in this process. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3600)
  WEBHOOKS_POLL_SECONDS: number = 5;

  /** How long the webhook sender waits for a receiver's answer, in seconds, before counting the attempt as failed. */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  WEBHOOKS_TIMEOUT_SECONDS: number = 10;

  /** Let webhooks reach loopback and private addresses, and plain http there (tests, a receiver on the operator's own network); off by default. */
  @Transform(toBoolean)
  @IsOptional()
  @IsIn([true, false], { message: 'WEBHOOKS_ALLOW_PRIVATE_NETWORKS must be true or false' })
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS: boolean = false;

  /** ProConnect (docs/proconnect.md): the provider's issuer URL; with the client id and secret, shows « Se connecter avec ProConnect ». */
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'PROCONNECT_ISSUER must be an http(s) URL, e.g. https://auth.agentconnect.gouv.fr/api/v2' },
  )
  PROCONNECT_ISSUER?: string;

  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  PROCONNECT_CLIENT_ID?: string;

  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'PROCONNECT_CLIENT_SECRET must be at least 16 characters (the one ProConnect gave)' })
  PROCONNECT_CLIENT_SECRET?: string;

  /** Seed the demo organisations and users when the database is empty (never in production). */
  @Transform(toBoolean)
  @IsOptional()
  @IsIn([true, false], { message: 'DEMO_SEED must be true or false' })
  DEMO_SEED: boolean = true;
}

export type EnvironmentName = keyof Environment;

/** The in-memory limits' variables: refused rather than silently ignored, so an operator's setting is not lost. */
const RENAMED_LOGIN_VARIABLES: Record<string, string> = {
  LOGIN_MAX_PER_IP_PER_MINUTE: 'LOGIN_MAX_FAILURES_PER_ADDRESS',
  LOGIN_MAX_PER_ACCOUNT_PER_15_MINUTES: 'LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS and LOGIN_MAX_FAILURES_PER_ACCOUNT',
};

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Validates raw variables (strings) into typed config; throws naming every bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const picked: Record<string, unknown> = {};
  for (const name of knownEnvironmentNames()) if (raw[name] !== undefined) picked[name] = raw[name];
  const environment = plainToInstance(Environment, picked, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(environment, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new InvalidEnvironmentError(
      errors.map(
        (error) =>
          `${error.property}=${JSON.stringify(picked[error.property] ?? null)}: ${Object.values(error.constraints ?? {}).join('; ')}`,
      ),
    );
  }
  const debtorProblems = [
    environment.SETTLEMENT_DEBTOR_IBAN && !isValidIBAN(environment.SETTLEMENT_DEBTOR_IBAN)
      ? 'SETTLEMENT_DEBTOR_IBAN is not a valid IBAN'
      : null,
    environment.SETTLEMENT_DEBTOR_BIC && !isValidBIC(environment.SETTLEMENT_DEBTOR_BIC) ? 'SETTLEMENT_DEBTOR_BIC is not a valid BIC' : null,
  ].filter((problem) => problem !== null);
  if (debtorProblems.length > 0) throw new InvalidEnvironmentError(debtorProblems);
  if (environment.SETTLEMENT_SCHEDULE !== 'weekly' && raw.SETTLEMENT_CUTOFF_WEEKDAY !== undefined && raw.SETTLEMENT_CUTOFF_WEEKDAY !== '') {
    throw new InvalidEnvironmentError([
      `SETTLEMENT_CUTOFF_WEEKDAY is only read with SETTLEMENT_SCHEDULE=weekly (it is ${environment.SETTLEMENT_SCHEDULE}): remove it or set the cadence to weekly`,
    ]);
  }
  const loginProblems = [
    environment.LOGIN_MAX_FAILURES_PER_ACCOUNT <= environment.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS
      ? 'LOGIN_MAX_FAILURES_PER_ACCOUNT must be greater than LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS (otherwise one address alone locks the account for every other address)'
      : null,
    ...Object.entries(RENAMED_LOGIN_VARIABLES)
      .filter(([name]) => raw[name] !== undefined && raw[name] !== '')
      .map(([name, replacement]) => `${name} is no longer read: login limits now count failures, see ${replacement}`),
  ].filter((problem) => problem !== null);
  if (loginProblems.length > 0) throw new InvalidEnvironmentError(loginProblems);
  if (environment.NODE_ENV === 'production' && (!environment.CHEQUE_SIGNING_KEY || !environment.CHEQUE_CODE_KEY)) {
    throw new InvalidEnvironmentError(['CHEQUE_SIGNING_KEY and CHEQUE_CODE_KEY are required in production']);
  }
  if (environment.NODE_ENV === 'production' && environment.DEMO_SEED && raw.DEMO_SEED !== undefined) {
    throw new InvalidEnvironmentError(['DEMO_SEED=true: the demo seed never runs in production']);
  }
  const mailProblems = [
    environment.MAIL_TRANSPORT === 'smtp' && !environment.SMTP_URL ? 'MAIL_TRANSPORT=smtp needs SMTP_URL' : null,
    environment.NODE_ENV === 'production' && !environment.SMTP_URL && environment.MAIL_TRANSPORT !== 'log'
      ? 'SMTP_URL is required in production (smtp:// or smtps://; or set MAIL_TRANSPORT=log to write e-mails to the log instead)'
      : null,
    environment.NODE_ENV === 'production' && environment.MAIL_TRANSPORT === 'file'
      ? 'MAIL_TRANSPORT=file is for development: set SMTP_URL in production'
      : null,
  ].filter((problem) => problem !== null);
  if (mailProblems.length > 0) throw new InvalidEnvironmentError(mailProblems);
  const proconnectSet = [environment.PROCONNECT_ISSUER, environment.PROCONNECT_CLIENT_ID, environment.PROCONNECT_CLIENT_SECRET].filter(
    Boolean,
  );
  const proconnectProblems = [
    proconnectSet.length > 0 && proconnectSet.length < 3
      ? 'PROCONNECT_ISSUER, PROCONNECT_CLIENT_ID and PROCONNECT_CLIENT_SECRET go together: set all three to offer ProConnect, or none'
      : null,
    environment.NODE_ENV === 'production' && environment.PROCONNECT_ISSUER?.startsWith('http:')
      ? 'PROCONNECT_ISSUER must be an https URL in production'
      : null,
  ].filter((problem) => problem !== null);
  if (proconnectProblems.length > 0) throw new InvalidEnvironmentError(proconnectProblems);
  return environment;
}

/** Names the config schema knows (the docker-compose test checks against them). */
export function knownEnvironmentNames(): string[] {
  return [
    ...new Set([
      ...Object.keys(new Environment()),
      'DATABASE_URL',
      'CHEQUE_SIGNING_KEY',
      'CHEQUE_SIGNING_KEY_ID',
      'CHEQUE_CODE_KEY',
      'METRICS_TOKEN',
      'SETTLEMENT_DEBTOR_NAME',
      'SETTLEMENT_DEBTOR_IBAN',
      'SETTLEMENT_DEBTOR_BIC',
      'SMTP_URL',
      'MAIL_FROM',
      'MAIL_TRANSPORT',
      'PROCONNECT_ISSUER',
      'PROCONNECT_CLIENT_ID',
      'PROCONNECT_CLIENT_SECRET',
    ]),
  ];
}
