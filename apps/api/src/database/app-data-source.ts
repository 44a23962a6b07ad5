/** The application's entities and migrations, for the app and for the migration CLI alike. */
import type { DataSourceOptions } from 'typeorm';
import { AUDIT_ENTITIES } from '@app/audit';
import { buildDataSourceOptions } from '@app/database';
import { FUNDS_COVERAGE_ENTITIES } from '@app/funds-coverage';
import { IDENTITY_ENTITIES } from '@app/identity';
import { LEDGER_ENTITIES } from '@app/ledger';
import { MAIL_ENTITIES } from '@app/mail';
import { PLACE_ENTITIES } from '@app/places';
import { REDEMPTION_ENTITIES } from '@app/redemption';
import { SETTLEMENT_ENTITIES } from '@app/settlement';
import { BANK_STATEMENT_ENTITIES } from '@app/bank-statements';
import { REPORTING_ENTITIES } from '@app/reporting';
import { VOUCHER_ENTITIES } from '@app/vouchers';
import { WEBHOOKS_ENTITIES } from '@app/webhooks';
import { MIGRATIONS } from '../../../../migrations';

export const ENTITIES = [
  ...IDENTITY_ENTITIES,
  ...AUDIT_ENTITIES,
  ...VOUCHER_ENTITIES,
  ...PLACE_ENTITIES,
  ...REDEMPTION_ENTITIES,
  ...LEDGER_ENTITIES,
  ...SETTLEMENT_ENTITIES,
  ...BANK_STATEMENT_ENTITIES,
  ...REPORTING_ENTITIES,
  ...MAIL_ENTITIES,
  ...FUNDS_COVERAGE_ENTITIES,
  ...WEBHOOKS_ENTITIES,
];

export function appDataSourceOptions(url: string, migrationsRun: boolean): DataSourceOptions {
  return buildDataSourceOptions({ url, entities: ENTITIES, migrations: MIGRATIONS, migrationsRun });
}
