import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The cheque keys every API process must share (docs/adr/0012-cheque-keys-across-instances.md):
 * signing keys by their public part (never a private key), the code key by a keyed fingerprint only.
 * The first process to start records them; a process with other keys refuses to start.
 */
@Entity({ name: 'cheque_keys' })
@Check('cheque_keys_purpose_check', `"purpose" IN ('signing', 'code')`)
@Check('cheque_keys_public_key_check', `("purpose" = 'signing') = ("public_key" IS NOT NULL)`)
@Index('cheque_keys_fingerprint_key', ['fingerprint'], { unique: true })
// One signing key signs new cheques (the others only verify); one code key, ever.
@Index('cheque_keys_one_current_signing_key', ['purpose'], { unique: true, where: `"retired_at" IS NULL` })
export class ChequeKeyEntity {
  /** For a signing key, the id printed in QR codes (`k=`); `code` for the code key. */
  @PrimaryColumn({ type: 'text' })
  kid!: string;

  @Column({ type: 'text' })
  purpose!: 'signing' | 'code';

  /** Signing keys: the raw 32-byte Ed25519 public key, base64url (what GET /api/keys publishes). */
  @Column({ name: 'public_key', type: 'text', nullable: true })
  publicKey!: string | null;

  /** SHA-256 of the raw public key (signing), or HMAC-SHA256 keyed by the code key (code), hex. */
  @Column({ type: 'text' })
  fingerprint!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;

  /** Signing keys replaced by a newer one: they still verify the cheques they signed, and sign nothing new. */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}
