/**
 * The operator's secrets for cheques, never in the database nor in logs:
 * - Ed25519 key pairs that sign cheques: this process signs with one (its configured key), and
 *   verifies with every public key recorded in the database (key rotation; GET /api/keys lists them);
 * - an AES-256 key that encrypts stored codes, so booklets can be printed again.
 * In production both come from configuration; elsewhere they are generated once into DATA_DIR/keys.
 * Their fingerprints are recorded in the database by the first process (docs/adr/0012-cheque-keys-across-instances.md):
 * a process with other keys refuses to start, saying what to do.
 */
import type { KeyObject } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { publicKeyFromRaw } from '@app/domain';
import { decryptChequeCode, encryptChequeCode, loadKeyMaterial } from './cheque-key-material';
import { type KeysQuery, reconcileChequeKeys, recordedChequeKeys, type RecordedChequeKey } from './cheque-key-registry';

export interface PublishedKey {
  kid: string;
  alg: 'EdDSA';
  crv: 'Ed25519';
  /** Raw 32-byte public key, base64url. */
  publicKey: string;
}

/** How often a running process re-reads the recorded public keys (to learn a key registered by a rotation). */
const REFRESH_INTERVAL_MS = 30_000;
/** On an unknown key id, re-read at most this often (a forged id must not turn into a query per scan). */
const MISS_REFRESH_MIN_MS = 1_000;

@Injectable()
export class ChequeKeysService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ChequeKeys');
  private signingKey!: KeyObject;
  private publicKeys = new Map<string, KeyObject>();
  private published_: PublishedKey[] = [];
  private codeKey!: Buffer;
  private timer: NodeJS.Timeout | null = null;
  private lastRefresh = 0;
  private refreshing: Promise<void> | null = null;
  keyId!: string;

  constructor(
    private readonly config: ConfigService,
    private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    const material = loadKeyMaterial(
      {
        NODE_ENV: this.config.get<string>('NODE_ENV'),
        DATA_DIR: this.config.getOrThrow<string>('DATA_DIR'),
        CHEQUE_SIGNING_KEY: this.config.get<string>('CHEQUE_SIGNING_KEY'),
        CHEQUE_SIGNING_KEY_ID: this.config.get<string>('CHEQUE_SIGNING_KEY_ID'),
        CHEQUE_CODE_KEY: this.config.get<string>('CHEQUE_CODE_KEY'),
      },
      (message) => this.logger.warn(message),
    );
    const reconciled = await this.dataSource.transaction((manager) => reconcileChequeKeys(queryOf(manager), material));
    if (reconciled.recorded.length > 0) this.logger.log(`recorded the fingerprints of the cheque ${reconciled.recorded.join(' and ')} key`);
    this.signingKey = material.signingKey;
    this.codeKey = material.codeKey;
    this.keyId = reconciled.kid;
    this.useRecorded(reconciled.signingKeys);
    this.lastRefresh = Date.now();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), REFRESH_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  get privateKey(): KeyObject {
    return this.signingKey;
  }

  publicKey(keyId: string): KeyObject | undefined {
    return this.publicKeys.get(keyId);
  }

  /**
   * A QR names a key id this process does not know: re-reads the recorded keys, unless it did less
   * than a second ago (then answers false). A key registered by a rotation is known at once.
   */
  async refreshForUnknownKey(): Promise<boolean> {
    if (this.refreshing) {
      await this.refreshing;
      return true;
    }
    if (Date.now() - this.lastRefresh < MISS_REFRESH_MIN_MS) return false;
    await this.refresh();
    return true;
  }

  /** Every key that verifies cheques (the current one and the retired ones), for scanners and GET /api/keys. */
  published(): PublishedKey[] {
    return this.published_;
  }

  /** Re-reads the recorded public keys (another process may have registered a new signing key). */
  refresh(): Promise<void> {
    this.lastRefresh = Date.now();
    this.refreshing ??= recordedChequeKeys(queryOf(this.dataSource.manager))
      .then((keys) => this.useRecorded(keys.filter((key) => key.purpose === 'signing')))
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  encryptCode(code: string, programmeId: string): Buffer {
    return encryptChequeCode(this.codeKey, code, programmeId);
  }

  decryptCode(sealed: Buffer, programmeId: string): string {
    return decryptChequeCode(this.codeKey, sealed, programmeId);
  }

  private useRecorded(signingKeys: RecordedChequeKey[]): void {
    const publicKeys = new Map<string, KeyObject>();
    for (const key of signingKeys) if (key.publicKey) publicKeys.set(key.kid, publicKeyFromRaw(key.publicKey));
    this.publicKeys = publicKeys;
    // The current key first: a scanner that only takes the first one still reads new cheques.
    this.published_ = [...signingKeys]
      .sort((a, b) => Number(a.retiredAt !== null) - Number(b.retiredAt !== null) || b.recordedAt.getTime() - a.recordedAt.getTime())
      .filter((key) => key.publicKey)
      .map((key) => ({ kid: key.kid, alg: 'EdDSA', crv: 'Ed25519', publicKey: key.publicKey as string }));
  }
}

function queryOf(manager: { query: (sql: string, parameters?: unknown[]) => Promise<unknown> }): KeysQuery {
  return async (sql, parameters) => (await manager.query(sql, parameters)) as Array<Record<string, unknown>>;
}
