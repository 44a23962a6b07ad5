/**
 * The public map from ready parts: each place keeps its GeoJSON feature as text (written by a
 * trigger), and a version of the map is bumped once by every transaction that commits a change to
 * `places` (whatever wrote it: a service, an import, SQL by hand). Each API instance keeps the map
 * it served with the version it read, and serves it again only while the version is unchanged.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlaceMap1795446613201 implements MigrationInterface {
  name = 'PlaceMap1795446613201';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "places" ADD "map_feature" text`);
    // Compact JSON (no spaces), coordinates rounded to 5 decimals (about a metre).
    await queryRunner.query(`
      CREATE FUNCTION places_map_feature() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.map_feature := CASE WHEN NEW.latitude IS NULL OR NEW.longitude IS NULL THEN NULL ELSE
          '{"type":"Feature","geometry":{"type":"Point","coordinates":['
          || round(NEW.longitude::numeric, 5)::float8 || ',' || round(NEW.latitude::numeric, 5)::float8
          || ']},"properties":{"id":' || to_json(NEW.id) || ',"nom":' || to_json(NEW.nom)
          || ',"commune":' || to_json(NEW.commune) || '}}' END;
        RETURN NEW;
      END;
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "places_map_feature" BEFORE INSERT OR UPDATE OF "id", "nom", "commune", "latitude", "longitude" ON "places"
      FOR EACH ROW EXECUTE FUNCTION places_map_feature()`);
    await queryRunner.query(`UPDATE "places" SET "nom" = "nom"`);

    await createPlaceMapVersion(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropPlaceMapVersion(queryRunner);
    await queryRunner.query(`DROP TRIGGER "places_map_feature" ON "places"`);
    await queryRunner.query(`DROP FUNCTION places_map_feature()`);
    await queryRunner.query(`ALTER TABLE "places" DROP COLUMN "map_feature"`);
  }
}

/** One version for the whole map (replaced by a version per chunk in PlaceMapChunks1795456776129). */
export async function createPlaceMapVersion(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(
    `CREATE TABLE "place_map_version" ("singleton" boolean PRIMARY KEY DEFAULT true CHECK ("singleton"), "version" bigint NOT NULL)`,
  );
  await queryRunner.query(`INSERT INTO "place_map_version" ("version") VALUES (0)`);
  // Deferred to the commit and run once per transaction: the counter's row lock is held only while
  // committing, so two transactions changing places never wait on each other in the middle.
  await queryRunner.query(`
      CREATE FUNCTION place_map_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('pass_numerique.place_map_bumped', true) IS DISTINCT FROM 'on' THEN
          PERFORM set_config('pass_numerique.place_map_bumped', 'on', true);
          UPDATE "place_map_version" SET "version" = "version" + 1;
        END IF;
        RETURN NULL;
      END;
      $$`);
  await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER "places_map_version" AFTER INSERT OR UPDATE OR DELETE ON "places"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION place_map_version_bump()`);
}

export async function dropPlaceMapVersion(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP TRIGGER "places_map_version" ON "places"`);
  await queryRunner.query(`DROP FUNCTION place_map_version_bump()`);
  await queryRunner.query(`DROP TABLE "place_map_version"`);
}
