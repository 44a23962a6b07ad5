/** Recognising PostgreSQL errors by SQLSTATE, so services can turn them into domain errors. */
import { QueryFailedError } from 'typeorm';

interface PostgresErrorFields {
  code?: string;
  constraint?: string;
}

function postgresFields(error: unknown): PostgresErrorFields | null {
  if (!(error instanceof QueryFailedError)) return null;
  return error.driverError as PostgresErrorFields;
}

/** The violated unique constraint's name, or null if the error is something else. */
export function uniqueViolation(error: unknown): string | null {
  const fields = postgresFields(error);
  return fields?.code === '23505' ? (fields.constraint ?? '') : null;
}

/**
 * The rule a trigger refused the change with (RAISE EXCEPTION '<rule>' USING ERRCODE = 'PN001'), or
 * null: the database keeps some rules that belong to another lib than the one writing the row.
 */
export function triggerRefusal(error: unknown): string | null {
  const fields = postgresFields(error);
  return fields?.code === 'PN001' && error instanceof Error ? error.message : null;
}
