// Imported apart from '@app/ledger' (as '@app/ledger/programme-accounts'): it needs @app/vouchers, which needs '@app/ledger'.
export * from './programme-accounts.module';
export * from './programme-accounts.service';
export * from './funder-refund-transfers.service';
