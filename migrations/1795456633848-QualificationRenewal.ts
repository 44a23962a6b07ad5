/** Renewal of a qualification: an application names the qualified decision it renews (null for a first application). */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class QualificationRenewal1795456633848 implements MigrationInterface {
  name = 'QualificationRenewal1795456633848';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "qualification_applications" ADD "renewal_of_decision_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "qualification_applications" ADD CONSTRAINT "qualification_applications_renewal_of_fk" FOREIGN KEY ("renewal_of_decision_id") REFERENCES "qualification_decisions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "qualification_applications" DROP CONSTRAINT "qualification_applications_renewal_of_fk"`);
    await queryRunner.query(`ALTER TABLE "qualification_applications" DROP COLUMN "renewal_of_decision_id"`);
  }
}
