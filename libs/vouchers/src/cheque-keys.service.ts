/**
 * The operator's secrets for cheques, never in the database nor in logs:
 * - an Ed25519 key pair that signs every cheque (public part published at GET /api/keys);
 * - an AES-256 key that encrypts stored codes, so booklets can be printed again.
 * In production both come from configuration; elsewhere they are generated once into DATA_DIR/keys.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { chequeCodeKey, localSecret, type LocalSecretOptions } from '@app/database';
import { rawPublicKey } from '@app/domain';

export interface PublishedKey {
  kid: string;
  alg: 'EdDSA';
  crv: 'Ed25519';
  /** Raw 32-byte public key, base64url. */
  publicKey: string;
}

@Injectable()
export class ChequeKeysService implements OnModuleInit {
  private readonly logger = new Logger('ChequeKeys');
  private signingKey!: KeyObject;
  private publicKeys = new Map<string, KeyObject>();
  private codeKey!: Buffer;
  keyId!: string;

  constructor(private readonly config: ConfigService) {}

  onModuleInit(): void {
    const configuredSigning = this.config.get<string>('CHEQUE_SIGNING_KEY');
    const configuredCodeKey = this.config.get<string>('CHEQUE_CODE_KEY');
    const local: LocalSecretOptions = {
      dataDir: this.config.getOrThrow<string>('DATA_DIR'),
      nodeEnv: this.config.get<string>('NODE_ENV'),
      onGenerated: (path) => this.logger.warn(`generated ${path} (demo/development only; configure the keys in production)`),
    };
    const signingPem = configuredSigning ? decodePem(configuredSigning) : localSecret('cheque-signing-key.pem', newSigningKeyPem, local);

    this.signingKey = createPrivateKey(signingPem);
    if (this.signingKey.asymmetricKeyType !== 'ed25519') throw new Error('CHEQUE_SIGNING_KEY must be an Ed25519 private key');
    const publicKey = createPublicKey(this.signingKey);
    // The key id defaults to a fingerprint, so a new key never reuses an old id.
    this.keyId =
      this.config.get<string>('CHEQUE_SIGNING_KEY_ID') ||
      `ed25519-${createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 12)}`;
    this.publicKeys.set(this.keyId, publicKey);
    this.codeKey = chequeCodeKey(configuredCodeKey, local);
  }

  get privateKey(): KeyObject {
    return this.signingKey;
  }

  publicKey(keyId: string): KeyObject | undefined {
    return this.publicKeys.get(keyId);
  }

  published(): PublishedKey[] {
    return [...this.publicKeys].map(([kid, key]) => ({ kid, alg: 'EdDSA', crv: 'Ed25519', publicKey: rawPublicKey(key) }));
  }

  /** iv (12) ‖ tag (16) ‖ ciphertext; the programme id is bound as associated data. */
  encryptCode(code: string, programmeId: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.codeKey, iv);
    cipher.setAAD(Buffer.from(programmeId));
    const ciphertext = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
  }

  decryptCode(sealed: Buffer, programmeId: string): string {
    const decipher = createDecipheriv('aes-256-gcm', this.codeKey, sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(programmeId));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }
}

function newSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Accepts the PEM itself or its base64 (easier in environment variables). */
function decodePem(value: string): string {
  return value.includes('BEGIN') ? value.replace(/\\n/g, '\n') : Buffer.from(value, 'base64').toString('utf8');
}
