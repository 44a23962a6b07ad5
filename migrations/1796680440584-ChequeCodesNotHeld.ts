/** Cheques taken over from a previous operator (npm run successor:import) come without their code ciphertext: see docs/successor.md. */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChequeCodesNotHeld1796680440584 implements MigrationInterface {
  name = 'ChequeCodesNotHeld1796680440584';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cheques" ALTER COLUMN "code_ciphertext" DROP NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cheques" ALTER COLUMN "code_ciphertext" SET NOT NULL`);
  }
}
