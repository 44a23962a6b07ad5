/** A redemption as the API shows it: the place, the service as it was, the cheques masked. */
import { formatEuros } from '@app/domain';
import type { CatalogueEntryEntity, PlaceEntity } from '@app/places';
import type { RedemptionChannel, RedemptionEntity } from './entities/redemption.entity';

export interface RedemptionView {
  id: string;
  placeId: string;
  placeName: string;
  service: {
    id: string;
    entryId: string;
    name: string;
    category: string;
    modality: string;
    durationMinutes: number;
    priceInCheques: number;
  };
  cheques: Array<{ maskedCode: string; faceValueCents: number; programmeName: string }>;
  chequeCount: number;
  amountCents: number;
  amount: string;
  channel: RedemptionChannel;
  occurredAt: string;
  recordedAt: string;
  undoneAt: string | null;
  undoReason: string | null;
}

export function redemptionView(
  redemption: RedemptionEntity,
  place: PlaceEntity,
  service: CatalogueEntryEntity,
  cheques: Array<{ masked_code: string; face_value_cents: number; programme_name: string }>,
): RedemptionView {
  const amountCents = Number(redemption.amountCents);
  return {
    id: redemption.id,
    placeId: place.id,
    placeName: place.nom,
    service: {
      id: service.id,
      entryId: service.entryId,
      name: service.name,
      category: service.category,
      modality: service.modality,
      durationMinutes: service.durationMinutes,
      priceInCheques: service.priceInCheques,
    },
    cheques: cheques.map((row) => ({
      maskedCode: row.masked_code,
      faceValueCents: row.face_value_cents,
      programmeName: row.programme_name,
    })),
    chequeCount: redemption.chequeCount,
    amountCents,
    amount: formatEuros(amountCents),
    channel: redemption.channel,
    occurredAt: redemption.occurredAt.toISOString(),
    recordedAt: redemption.recordedAt.toISOString(),
    undoneAt: redemption.undoneAt?.toISOString() ?? null,
    undoReason: redemption.undoReason,
  };
}
