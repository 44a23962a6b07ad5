/** « Mes remboursements » as files: one CSV row per amount (through the one CSV writer) and a French PDF summary. */
import { centsToDecimal, type CsvFormat, csvFile, formatEuros, formatFrenchDate, localDate } from '@app/domain';
import { newPdfDocument } from '@app/documents';
import type { PlacePaymentLine, PlacePayments, ReviewedRedemption } from './place-payments.service';

const PART_TITLES = {
  toReceive: 'À recevoir',
  underReview: 'En vérification',
  refused: 'Refusé après vérification',
  inProgress: 'En cours',
  paid: 'Payé',
  rejected: 'Rejeté',
} as const;

interface Row {
  part: string;
  day: string | null;
  reference: string | null;
  amountCents: number;
  chequeCount: number;
  status: string;
  bankReference: string | null;
  reason: string | null;
}

function rows(view: PlacePayments): Row[] {
  const line = (part: string, item: PlacePaymentLine, day: string | null, status: string): Row => ({
    part,
    day,
    reference: item.reference,
    amountCents: item.amountCents,
    chequeCount: item.chequeCount,
    status,
    bankReference: item.bankReference,
    reason: item.rejectionReason,
  });
  // Held by an anomaly rule (docs/anomaly-holds.md): dated by the redemption, with why (or the operators' reason).
  const reviewed = (part: string, item: ReviewedRedemption, reason: string | null): Row => ({
    part,
    day: localDate(new Date(item.occurredAt)),
    reference: null,
    amountCents: item.amountCents,
    chequeCount: item.chequeCount,
    status: part,
    bankReference: null,
    reason,
  });
  return [
    ...view.toReceive.groups.map((group) => ({
      part: PART_TITLES.toReceive,
      day: group.expectedOn,
      reference: null,
      amountCents: group.amountCents,
      chequeCount: group.chequeCount,
      status: group.expectedOn ? 'Paiement prévu' : 'En attente de coordonnées bancaires vérifiées',
      bankReference: null,
      reason: null,
    })),
    ...view.underReview.redemptions.map((item) => reviewed(PART_TITLES.underReview, item, item.reasons.join(' '))),
    ...view.refused.redemptions.map((item) => reviewed(PART_TITLES.refused, item, item.rejectionReason)),
    ...view.inProgress.lines.map((item) => line(PART_TITLES.inProgress, item, item.expectedOn, item.stageText ?? '')),
    ...view.paid.lines.map((item) => line(PART_TITLES.paid, item, item.paidOn, 'Payé')),
    ...view.rejected.lines.map((item) => line(PART_TITLES.rejected, item, item.rejectedOn, 'Rejeté par la banque')),
  ];
}

export function placePaymentsCsv(view: PlacePayments, format: CsvFormat): string {
  return csvFile(
    ['partie', 'date', 'reference', { name: 'montant_euros', decimal: true }, 'cheques', 'statut', 'reference_bancaire', 'motif_rejet'],
    rows(view).map((row) => [
      row.part,
      row.day,
      row.reference,
      centsToDecimal(row.amountCents),
      row.chequeCount,
      row.status,
      row.bankReference,
      row.reason,
    ]),
    format,
  );
}

const LEFT = 48;
const WIDTH = 595.28 - 2 * LEFT;

export function placePaymentsPdf(view: PlacePayments, today: string): Promise<Buffer> {
  const document = newPdfDocument(`Mes remboursements — ${view.organisationName}`, {
    margins: { top: 48, bottom: 48, left: LEFT, right: LEFT },
  });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  document.font('bold').fontSize(18).fillColor('#000091').text('Mes remboursements — Pass numérique', LEFT, 48, { width: WIDTH });
  document.moveDown(0.3).font('regular').fontSize(11).fillColor('#161616');
  document.text(`${view.organisationName}, au ${formatFrenchDate(today)}`);
  const totals: Array<[string, number]> = [
    [PART_TITLES.toReceive, view.toReceive.amountCents],
    ...(view.underReview.redemptions.length > 0 ? [[PART_TITLES.underReview, view.underReview.amountCents] as [string, number]] : []),
    ...(view.refused.redemptions.length > 0 ? [[PART_TITLES.refused, view.refused.amountCents] as [string, number]] : []),
    [PART_TITLES.inProgress, view.inProgress.amountCents],
    [PART_TITLES.paid, view.paid.amountCents],
    [PART_TITLES.rejected, view.rejected.amountCents],
  ];
  document.moveDown(0.5);
  for (const [title, cents] of totals)
    document.font('bold').text(`${title} : `, { continued: true }).font('regular').text(formatEuros(cents));
  if (view.delay.medianDays !== null) {
    document.text(
      `Délai de paiement : ${view.delay.medianDays} jours en médiane, ${view.delay.p95Days} jours pour 95 % des encaissements.`,
    );
  }
  let part = '';
  for (const row of rows(view)) {
    if (row.part !== part) {
      part = row.part;
      document.moveDown(0.8).font('bold').fontSize(13).text(part).fontSize(10);
    }
    const day = row.day ? formatFrenchDate(row.day) : '—';
    const details = [row.reference, row.status, row.bankReference ? `réf. bancaire ${row.bankReference}` : null, row.reason]
      .filter((text) => text)
      .join(' · ');
    document
      .font('regular')
      .fontSize(10)
      .text(`${day} — ${formatEuros(row.amountCents)} (${row.chequeCount} ${row.chequeCount > 1 ? 'chèques' : 'chèque'}) — ${details}`, {
        width: WIDTH,
      });
  }
  document.end();
  return done;
}
