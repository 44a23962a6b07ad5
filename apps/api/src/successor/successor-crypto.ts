/**
 * The successor archive's envelope: one OpenPGP message (RFC 9580, the `openpgp` package), signed by
 * the operator's key and encrypted to the recipients' keys, so that any OpenPGP tool (gpg) can check
 * and open it too. Streamed from file to file: the archive may hold gigabytes of evidence files.
 * See docs/adr/0020-successor-archive-openpgp.md.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import * as openpgp from 'openpgp';

/** The archive or a key is refused: the message says why and what to do. Nothing was loaded. */
export class SuccessorArchiveRefusedError extends Error {
  override name = 'SuccessorArchiveRefusedError';
}

export interface KeyDescription {
  fingerprint: string;
  userIds: string[];
}

export function describeKey(key: openpgp.Key): KeyDescription {
  return { fingerprint: key.getFingerprint().toUpperCase(), userIds: key.getUserIDs() };
}

/** Public keys (armored or binary; several in one file are all taken). */
export async function readPublicKeys(file: string, role: string): Promise<openpgp.PublicKey[]> {
  const bytes = readKeyFile(file, role);
  try {
    const keys = isArmored(bytes)
      ? await openpgp.readKeys({ armoredKeys: bytes.toString('utf8') })
      : await openpgp.readKeys({ binaryKeys: new Uint8Array(bytes) });
    return keys.map((key) => (key.isPrivate() ? key.toPublic() : key));
  } catch (error) {
    throw new SuccessorArchiveRefusedError(`${file} (${role}) is not an OpenPGP public key: ${messageOf(error)}`);
  }
}

/** A private key, unlocked with the passphrase when it has one. */
export async function readPrivateKey(
  file: string,
  role: string,
  passphrase: string | undefined,
  passphraseVariable: string,
): Promise<openpgp.PrivateKey> {
  const bytes = readKeyFile(file, role);
  let key: openpgp.PrivateKey;
  try {
    key = isArmored(bytes)
      ? await openpgp.readPrivateKey({ armoredKey: bytes.toString('utf8') })
      : await openpgp.readPrivateKey({ binaryKey: new Uint8Array(bytes) });
  } catch (error) {
    throw new SuccessorArchiveRefusedError(`${file} (${role}) is not an OpenPGP private key: ${messageOf(error)}`);
  }
  if (key.isDecrypted()) return key;
  if (!passphrase) {
    throw new SuccessorArchiveRefusedError(
      `${file} (${role}) is protected by a passphrase: put it in the environment variable ${passphraseVariable}.`,
    );
  }
  try {
    return await openpgp.decryptKey({ privateKey: key, passphrase });
  } catch (error) {
    throw new SuccessorArchiveRefusedError(`${passphraseVariable} does not unlock ${file} (${role}): ${messageOf(error)}`);
  }
}

/** Signs `input` with the operator's key and encrypts it to every recipient, into `output` (readable by its owner only). */
export async function signAndEncryptFile(
  input: string,
  output: string,
  recipients: openpgp.PublicKey[],
  signer: openpgp.PrivateKey,
): Promise<void> {
  for (const recipient of recipients) {
    // An expired or revoked recipient key, or one without an encryption subkey, fails here with openpgp's reason.
    await recipient.getEncryptionKey().catch((error: unknown) => {
      throw new SuccessorArchiveRefusedError(
        `The recipient key ${recipient.getFingerprint().toUpperCase()} cannot be encrypted to: ${messageOf(error)}`,
      );
    });
  }
  await signer.getSigningKey().catch((error: unknown) => {
    throw new SuccessorArchiveRefusedError(`The operator key ${signer.getFingerprint().toUpperCase()} cannot sign: ${messageOf(error)}`);
  });
  const message = await openpgp.createMessage({ binary: webStreamOf(input), format: 'binary' });
  const encrypted = await openpgp.encrypt({ message, encryptionKeys: recipients, signingKeys: signer, format: 'binary' });
  await pipeline(Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array>), createWriteStream(output, { mode: 0o600 }));
}

export interface VerifiedArchive {
  /** Fingerprint of the operator key that signed it. */
  signedBy: string;
  signedAt: Date | null;
}

/**
 * Decrypts `input` with the recipient's key into `output` and checks that the operator's key signed
 * it. Refuses (SuccessorArchiveRefusedError) an archive for another recipient, altered after it was
 * signed, or signed by another key; then `output` must not be used (the caller deletes it).
 */
export async function decryptAndVerifyFile(
  input: string,
  output: string,
  identity: openpgp.PrivateKey,
  signers: openpgp.PublicKey[],
): Promise<VerifiedArchive> {
  if (!existsSync(input)) throw new SuccessorArchiveRefusedError(`No such file: ${input}`);
  let message: openpgp.Message<openpgp.MaybeStream<Uint8Array>>;
  try {
    message = await openpgp.readMessage({ binaryMessage: webStreamOf(input) });
  } catch (error) {
    throw new SuccessorArchiveRefusedError(`${input} is not an OpenPGP message, so not a successor archive (${messageOf(error)}).`);
  }
  const to = message.getEncryptionKeyIDs().map((id) => id.toHex().toUpperCase());
  const mine = identity.getKeyIDs().map((id) => id.toHex().toUpperCase());
  if (to.length > 0 && !to.some((id) => mine.includes(id))) {
    throw new SuccessorArchiveRefusedError(
      `This archive is encrypted to the key id(s) ${to.join(', ')}, not to this identity (${describeKey(identity).fingerprint}): ` +
        'give --identity the private key whose public key was given to --recipient at the export.',
    );
  }
  let decrypted: Awaited<ReturnType<typeof openpgp.decrypt<openpgp.MaybeStream<Uint8Array>>>>;
  try {
    decrypted = await openpgp.decrypt({
      message,
      decryptionKeys: identity,
      verificationKeys: signers,
      expectSigned: true,
      format: 'binary',
      // Decrypted bytes go to a scratch file that is used only once the whole message checked out;
      // without this, openpgp would hold all of it in memory to check it first.
      config: { allowUnauthenticatedStream: true },
    });
  } catch (error) {
    throw refusal(error, signers);
  }
  try {
    await pipeline(
      Readable.fromWeb(decrypted.data as unknown as WebReadableStream<Uint8Array>),
      createWriteStream(output, { mode: 0o600 }),
    );
    const [signature] = decrypted.signatures;
    if (!signature) throw new Error('the message is not signed');
    await signature.verified;
    const packet = await signature.signature;
    const signedBy = signers.find((key) => key.getKeyIDs().some((id) => id.equals(signature.keyID)));
    return {
      signedBy: signedBy ? describeKey(signedBy).fingerprint : signature.keyID.toHex().toUpperCase(),
      signedAt: packet.packets[0]?.created ?? null,
    };
  } catch (error) {
    throw refusal(error, signers);
  }
}

function refusal(error: unknown, signers: openpgp.PublicKey[]): SuccessorArchiveRefusedError {
  const reason = messageOf(error);
  const expected = signers.map((key) => describeKey(key).fingerprint).join(', ');
  if (/signing key|signature|not signed/i.test(reason)) {
    return new SuccessorArchiveRefusedError(
      `The archive's signature does not check out against the operator key ${expected} (${reason}): it was not signed by that key, ` +
        'or it was altered after it was signed. Refused: nothing was loaded. Get the archive and the operator’s public key again through a trusted channel.',
    );
  }
  return new SuccessorArchiveRefusedError(
    `The archive cannot be opened: it was altered or damaged after it was signed, or it is not for this identity (${reason}). ` +
      'Refused: nothing was loaded. Get a fresh copy (compare its SHA-256 with the one the exporting operator announced).',
  );
}

function readKeyFile(file: string, role: string): Buffer {
  if (!existsSync(file)) throw new SuccessorArchiveRefusedError(`No such key file (${role}): ${file}`);
  return readFileSync(file);
}

function isArmored(bytes: Buffer): boolean {
  return bytes.subarray(0, 64).toString('latin1').includes('-----BEGIN PGP');
}

function webStreamOf(file: string): ReadableStream<Uint8Array> {
  return Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
