/** What an order costs the funder. */
import { feeOf } from '@app/domain';

export interface OrderAmounts {
  chequeCount: number;
  faceValueTotalCents: number;
  operatorFeeBasisPoints: number;
  operatorFeeCents: number;
  totalDueCents: number;
}

export function orderAmounts(
  order: { faceValueCents: number; chequesPerBooklet: number; bookletCount: number },
  feeBasisPoints: number,
): OrderAmounts {
  const chequeCount = order.chequesPerBooklet * order.bookletCount;
  const faceValueTotalCents = chequeCount * order.faceValueCents;
  const operatorFeeCents = feeOf(faceValueTotalCents, feeBasisPoints);
  return {
    chequeCount,
    faceValueTotalCents,
    operatorFeeBasisPoints: feeBasisPoints,
    operatorFeeCents,
    totalDueCents: faceValueTotalCents + operatorFeeCents,
  };
}
