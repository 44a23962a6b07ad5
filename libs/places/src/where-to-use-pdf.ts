/**
 * « Où utiliser vos chèques »: the sheet a social worker prints for the person just handed cheques.
 * Large type, short sentences, no personal data: the places nearest to a commune, with their address,
 * hours in words, next opening, phone, services and price in cheques, and a QR code to the map.
 */
import QRCode from 'qrcode';
import { newPdfDocument } from '@app/documents';
import { distanceInWords } from '@app/domain';
import type { HoursNow } from './domain/opening-now';

export type SheetFormat = 'A4' | 'A5';

export interface SheetPlace {
  nom: string;
  adresse: string;
  complementAdresse: string | null;
  codePostal: string;
  commune: string;
  telephone: string | null;
  distanceKm: number;
  hours: HoursNow;
  services: Array<{ name: string; priceInCheques: number }>;
}

export interface WhereToUseSheet {
  format: SheetFormat;
  /** « Mérignac (33700) ». */
  near: string;
  places: SheetPlace[];
  /** The public map showing the places nearest to that commune. */
  mapUrl: string;
}

const SIZES: Record<SheetFormat, { margin: number; title: number; name: number; text: number; qr: number }> = {
  A4: { margin: 50, title: 24, name: 16, text: 13, qr: 110 },
  A5: { margin: 32, title: 18, name: 13, text: 11, qr: 80 },
};

const cheques = (count: number): string => `${count} chèque${count > 1 ? 's' : ''}`;

/** The week's opening in words: « lundi : 09:00–12:00 et 14:00–18:00 », days closed left out. */
export function hoursInWords(hours: HoursNow): string[] {
  if (!hours.week) return ['Horaires non renseignés : téléphonez avant de venir.'];
  const open = hours.week.filter((day) => day.periods.length > 0);
  if (open.length === 0) return ['Fermé cette semaine : téléphonez avant de venir.'];
  return open.map((day) => `${day.day} : ${day.periods.join(' et ')}`);
}

export async function whereToUsePdf(sheet: WhereToUseSheet): Promise<Buffer> {
  const size = SIZES[sheet.format];
  const document = newPdfDocument('Où utiliser vos chèques Pass numérique', { size: sheet.format, margin: size.margin });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  const width = document.page.width - 2 * size.margin;

  document.font('bold').fontSize(size.title).text('Où utiliser vos chèques Pass numérique');
  document.moveDown(0.3);
  document.font('regular').fontSize(size.text);
  document.text(`Voici les lieux les plus proches de ${sheet.near}.`);
  document.text('Venez avec vos chèques. Un accompagnement coûte le nombre de chèques indiqué.');
  document.text('Les chèques sont gratuits pour vous.');
  document.moveDown(0.6);

  if (sheet.places.length === 0) {
    document.text("Aucun lieu n'est encore ouvert près de chez vous. Scannez le code ci-dessous pour voir les lieux sur la carte.");
  }
  for (const [index, place] of sheet.places.entries()) {
    document
      .font('bold')
      .fontSize(size.name)
      .text(`${index + 1}. ${place.nom}`, { width });
    document.font('regular').fontSize(size.text);
    const address = `${place.adresse}${place.complementAdresse ? `, ${place.complementAdresse}` : ''}, ${place.codePostal} ${place.commune}`;
    document.text(`${address} — à ${distanceInWords(place.distanceKm)}`, { width });
    if (place.telephone) document.text(`Téléphone : ${place.telephone}`);
    const next = place.hours.openNow
      ? 'Ouvert au moment de l’impression.'
      : place.hours.nextOpening
        ? `Prochaine ouverture : ${place.hours.nextOpening.inWords}.`
        : null;
    if (next) document.font('bold').text(next).font('regular');
    document.text(`Horaires : ${hoursInWords(place.hours).join(' ; ')}.`, { width });
    if (place.services.length > 0) {
      document.text(
        `Avec vos chèques : ${place.services.map((service) => `${service.name} (${cheques(service.priceInCheques)})`).join(' ; ')}.`,
        {
          width,
        },
      );
    }
    document.moveDown(0.7);
  }

  const qr = await QRCode.toBuffer(sheet.mapUrl, { errorCorrectionLevel: 'M', margin: 2, width: 4 * size.qr });
  if (document.y + size.qr > document.page.height - size.margin) document.addPage();
  const top = document.y;
  document.image(qr, size.margin, top, { width: size.qr, height: size.qr });
  document
    .fontSize(size.text)
    .text(
      'Tous les lieux sur la carte : scannez ce code avec votre téléphone, ou tapez l’adresse écrite dessous.',
      size.margin + size.qr + 12,
      top + 8,
      {
        width: width - size.qr - 12,
      },
    );
  // The address on one line of its own, under the code, where the whole width keeps it unbroken.
  document
    .font('bold')
    .text(sheet.mapUrl, size.margin, top + size.qr + 6, { width })
    .font('regular');
  document.end();
  return done;
}
