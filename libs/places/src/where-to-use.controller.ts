import { Controller, Get, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiFileResponse, CurrentActor, Roles } from '@app/access';
import { PDF_MEDIA_TYPE, PdfReplies } from '@app/documents';
import type { AuthenticatedActor } from '@app/domain';
import { CatalogueService } from './catalogue.service';
import { hoursNow } from './domain/opening-now';
import { WhereToUseQueryDto } from './dto/proximity.dto';
import { PlacesService } from './places.service';
import { ProximityService } from './proximity.service';
import { whereToUsePdf } from './where-to-use-pdf';

/** The « Où utiliser vos chèques » sheet, printed by the social worker right after a hand-out. */
@ApiTags('places')
@Controller()
export class WhereToUseController {
  constructor(
    private readonly proximity: ProximityService,
    private readonly places: PlacesService,
    private readonly catalogue: CatalogueService,
    private readonly pdfs: PdfReplies,
    private readonly config: ConfigService,
  ) {}

  @Get('where-to-use.pdf')
  @Roles('distributor_agent', 'operator_admin')
  @ApiOperation({
    summary: '« Où utiliser vos chèques »: the nearest qualified places to a commune, as a printable sheet (A4 or A5 PDF)',
    description:
      "For the person just handed cheques: the 3 to 5 qualified places nearest to the commune given, each with address, distance, phone, hours in words, next opening, services and their price in cheques, and a QR code to the public map of the places nearest to that commune. Holds no personal data (only the commune's name).",
  })
  @ApiFileResponse('The sheet (PDF, French)', [PDF_MEDIA_TYPE])
  async sheet(@CurrentActor() actor: AuthenticatedActor, @Query() query: WhereToUseQueryDto, @Res() reply: FastifyReply): Promise<void> {
    await this.pdfs.send(
      reply,
      actor,
      { document: 'where_to_use', objectType: 'commune', objectId: query.commune.toUpperCase() },
      async () => {
        const found = await this.proximity.nearest({ communeCode: query.commune.toUpperCase() }, query.places);
        const commune = found.origin.commune!;
        const now = this.places.now();
        const places = await Promise.all(
          found.places.map(async ({ place, distanceKm }) => ({
            nom: place.nom,
            adresse: place.adresse,
            complementAdresse: place.complement_adresse ?? null,
            codePostal: place.code_postal,
            commune: place.commune,
            telephone: place.telephone ?? null,
            distanceKm,
            hours: hoursNow(place.horaires, place.code_insee, now),
            services: (await this.catalogue.current(place.id)).map((entry) => ({ name: entry.name, priceInCheques: entry.priceInCheques })),
          })),
        );
        const mapUrl = new URL(
          `/carte?proche=${encodeURIComponent(commune.code)}`,
          this.config.getOrThrow<string>('PUBLIC_URL'),
        ).toString();
        const postcode = commune.codesPostaux.length === 1 ? ` (${commune.codesPostaux[0]})` : '';
        const content = await whereToUsePdf({ format: query.format, near: `${commune.nom}${postcode}`, places, mapUrl });
        return { content, filename: `ou-utiliser-vos-cheques-${commune.code}.pdf` };
      },
      { inline: true },
    );
  }
}
