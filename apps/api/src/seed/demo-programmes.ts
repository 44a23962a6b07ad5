/** A demo programme of the Département in the past: created, ordered, funded in full and activated (the seeds then close it). */
import type { INestApplicationContext } from '@nestjs/common';
import { feeOf, type UserActor } from '@app/domain';
import { ProgrammesService } from '@app/vouchers';

export async function fundedDemoProgramme(
  app: INestApplicationContext,
  actors: { funder: UserActor; operator: UserActor },
  input: { name: string; bookletCount: number; validFrom: string; validUntil: string; receivedOn: string },
): Promise<{ id: string; code: string }> {
  const { funder, operator } = actors;
  const programmes = app.get(ProgrammesService);
  const programme = await programmes.create(funder, {
    name: input.name,
    faceValueCents: 1000,
    chequesPerBooklet: 10,
    bookletCount: input.bookletCount,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    graceDays: 31,
    territoryCodes: ['33'],
    eligibleServices: [],
  });
  await programmes.order(funder, programme.id);
  const ordered = await programmes.get(funder, programme.id);
  const faceValueCents = input.bookletCount * 10 * 1000;
  await programmes.fund(operator, programme.id, {
    amountCents: faceValueCents + feeOf(faceValueCents, ordered.operatorFeeBasisPoints ?? 0),
    receivedOn: input.receivedOn,
    reference: `VIR-DEMO-${ordered.code}`,
  });
  await programmes.activate(operator, programme.id);
  return { id: programme.id, code: ordered.code };
}
