/**
 * The public map in 64 chunks of places (by the last byte of the place's id), each with its own
 * version, instead of one version for the whole map: every transaction that commits a change to
 * `places` bumps, once, the version of each chunk it touched. An API instance then re-reads and
 * recompresses only the chunks whose version moved since it built its map.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createPlaceMapVersion, dropPlaceMapVersion } from './1795446613201-PlaceMap';

export class PlaceMapChunks1795456776129 implements MigrationInterface {
  name = 'PlaceMapChunks1795456776129';

  async up(queryRunner: QueryRunner): Promise<void> {
    await dropPlaceMapVersion(queryRunner);

    // Version 4 (random) ids spread evenly: about 310 places a chunk for the 20,000 of the national map.
    await queryRunner.query(`
      CREATE FUNCTION place_map_chunk(id uuid) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT (get_byte(uuid_send(id), 15) & 63)::smallint $$`);
    await queryRunner.query(`CREATE INDEX "places_map_chunk_idx" ON "places"(place_map_chunk("id"))`);
    await queryRunner.query(`CREATE TABLE "place_map_chunks" ("chunk" smallint PRIMARY KEY, "version" bigint NOT NULL DEFAULT 0)`);
    await queryRunner.query(`INSERT INTO "place_map_chunks" ("chunk") SELECT generate_series(0, 63)`);
    // Deferred to the commit and run once per transaction and chunk (a transaction-local flag): a
    // chunk's row is locked only while committing, so writers never wait on each other mid-transaction.
    await queryRunner.query(`
      CREATE FUNCTION place_map_chunk_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        touched smallint;
      BEGIN
        FOREACH touched IN ARRAY ARRAY[
          CASE WHEN TG_OP <> 'INSERT' THEN place_map_chunk(OLD.id) END,
          CASE WHEN TG_OP <> 'DELETE' THEN place_map_chunk(NEW.id) END
        ] LOOP
          IF touched IS NOT NULL AND current_setting('pass_numerique.place_map_chunk_' || touched, true) IS DISTINCT FROM 'on' THEN
            PERFORM set_config('pass_numerique.place_map_chunk_' || touched, 'on', true);
            UPDATE "place_map_chunks" SET "version" = "version" + 1 WHERE "chunk" = touched;
          END IF;
        END LOOP;
        RETURN NULL;
      END;
      $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER "places_map_chunk_version" AFTER INSERT OR UPDATE OR DELETE ON "places"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION place_map_chunk_bump()`);
    // Row triggers do not see TRUNCATE: it moves every chunk on.
    await queryRunner.query(`
      CREATE FUNCTION place_map_chunks_bump_all() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE "place_map_chunks" SET "version" = "version" + 1;
        RETURN NULL;
      END;
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER "places_map_truncate" AFTER TRUNCATE ON "places" FOR EACH STATEMENT EXECUTE FUNCTION place_map_chunks_bump_all()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "places_map_truncate" ON "places"`);
    await queryRunner.query(`DROP FUNCTION place_map_chunks_bump_all()`);
    await queryRunner.query(`DROP TRIGGER "places_map_chunk_version" ON "places"`);
    await queryRunner.query(`DROP FUNCTION place_map_chunk_bump()`);
    await queryRunner.query(`DROP TABLE "place_map_chunks"`);
    await queryRunner.query(`DROP INDEX "places_map_chunk_idx"`);
    await queryRunner.query(`DROP FUNCTION place_map_chunk(uuid)`);

    await createPlaceMapVersion(queryRunner);
  }
}
