/**
 * Issuing a programme's booklets and cheques in bulk, inside the caller's transaction: codes from
 * the CSPRNG, their hash (lookup), ciphertext (reprints) and Ed25519 signature, written with one
 * array INSERT per few thousand rows rather than a statement per cheque.
 */
import { type KeyObject, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { generateChequeCode, hashChequeCode, signCheque } from '@app/domain';
import type { ProgrammeEntity } from './entities/programme.entity';

const ROWS_PER_STATEMENT = 5_000;

export function bookletSerial(programmeCode: string, number: number): string {
  return `${programmeCode}-${String(number).padStart(5, '0')}`;
}

/** What issuance needs of the keys (ChequeKeysService in the app; the benchmark builds its own). */
export interface ChequeSigner {
  keyId: string;
  privateKey: KeyObject;
  encryptCode(code: string, programmeId: string): Buffer;
}

export async function issueBookletsAndCheques(
  manager: EntityManager,
  keys: ChequeSigner,
  programme: ProgrammeEntity,
): Promise<{ booklets: number; cheques: number }> {
  const bookletIds: string[] = [];
  const numbers: number[] = [];
  const serials: string[] = [];
  for (let number = 1; number <= programme.bookletCount; number++) {
    bookletIds.push(randomUUID());
    numbers.push(number);
    serials.push(bookletSerial(programme.code, number));
  }
  for (let start = 0; start < bookletIds.length; start += ROWS_PER_STATEMENT) {
    await manager.query(
      `INSERT INTO booklets (id, programme_id, number, serial)
       SELECT unnest($2::uuid[]), $1, unnest($3::int[]), unnest($4::text[])`,
      [
        programme.id,
        bookletIds.slice(start, start + ROWS_PER_STATEMENT),
        numbers.slice(start, start + ROWS_PER_STATEMENT),
        serials.slice(start, start + ROWS_PER_STATEMENT),
      ],
    );
  }

  let batch = newBatch();
  let issued = 0;
  const flush = async (): Promise<void> => {
    if (batch.bookletIds.length === 0) return;
    await manager.query(
      `INSERT INTO cheques (programme_id, booklet_id, position, code_hash, code_ciphertext, signature, signing_key_id)
       SELECT $1, unnest($2::uuid[]), unnest($3::int[]), unnest($4::bytea[]), unnest($5::bytea[]), unnest($6::bytea[]), $7`,
      [programme.id, batch.bookletIds, batch.positions, batch.hashes, batch.ciphertexts, batch.signatures, keys.keyId],
    );
    issued += batch.bookletIds.length;
    batch = newBatch();
  };
  for (const bookletId of bookletIds) {
    for (let position = 1; position <= programme.chequesPerBooklet; position++) {
      const code = generateChequeCode();
      batch.bookletIds.push(bookletId);
      batch.positions.push(position);
      batch.hashes.push(hashChequeCode(code));
      batch.ciphertexts.push(keys.encryptCode(code, programme.id));
      batch.signatures.push(Buffer.from(signCheque(keys.privateKey, { code, programmeId: programme.id }), 'base64url'));
      if (batch.bookletIds.length >= ROWS_PER_STATEMENT) await flush();
    }
  }
  await flush();
  return { booklets: bookletIds.length, cheques: issued };
}

function newBatch(): { bookletIds: string[]; positions: number[]; hashes: Buffer[]; ciphertexts: Buffer[]; signatures: Buffer[] } {
  return { bookletIds: [], positions: [], hashes: [], ciphertexts: [], signatures: [] };
}
