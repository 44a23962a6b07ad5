import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '@app/access';
import { CommuneDto, CommuneQueryDto, NearestPlacesDto, NearestPlacesQueryDto } from './dto/proximity.dto';
import { hoursNow } from './domain/opening-now';
import { PlaceDto } from './dto/place.dto';
import { PlacesService } from './places.service';
import { ProximityService } from './proximity.service';

/** Commune suggestions as a person types, and the places nearest to a commune or a position. Public, throttled per address. */
@ApiTags('places')
@Controller()
@Public()
@UseGuards(ThrottlerGuard)
@SkipThrottle({ 'per-agent': true })
export class ProximityController {
  constructor(
    private readonly proximity: ProximityService,
    private readonly places: PlacesService,
  ) {}

  @Get('communes')
  @Throttle({ 'per-ip': { limit: 300, ttl: 60_000 } })
  @ApiOperation({
    summary: 'Communes of the official list matching a name or a postcode (suggestions)',
    description:
      'At most `limit` communes (INSEE COG, current year): a name matches with or without accents, hyphens or « Saint »/« St », names starting with the words first, the most populated first; digits match the start of a postcode (or a whole INSEE code). Each with its position when known. Sources: INSEE COG via @etalab/decoupage-administratif (Licence Ouverte); positions from GeoNames (CC BY 4.0).',
  })
  @ApiOkResponse({ type: [CommuneDto] })
  suggest(@Query() query: CommuneQueryDto): CommuneDto[] {
    return this.proximity.suggestCommunes(query.q, query.limit).map((commune) => CommuneDto.from(commune));
  }

  @Get('communes/:code')
  @Throttle({ 'per-ip': { limit: 300, ttl: 60_000 } })
  @ApiOperation({
    summary: 'One commune by its INSEE code',
    description: 'Its name, postcodes and position; 404 when the code is not in the list.',
  })
  @ApiOkResponse({ type: CommuneDto })
  commune(@Param('code') code: string): CommuneDto {
    return CommuneDto.from(this.proximity.commune(code));
  }

  @Get('nearest-places')
  @Throttle({ 'per-ip': { limit: 120, ttl: 60_000 } })
  @ApiOperation({
    summary: 'The qualified places nearest to a commune or a position, with distance and next opening',
    description:
      'Give `commune` (INSEE code) or `latitude` and `longitude` (never stored nor logged). Nearest first, as the crow flies. With `openNow` and no place open, the nearest ones come anyway with their next opening and `noneOpenNow: true`.',
  })
  @ApiOkResponse({ type: NearestPlacesDto })
  async nearest(@Query() query: NearestPlacesQueryDto): Promise<NearestPlacesDto> {
    const origin =
      query.commune !== undefined
        ? { communeCode: query.commune }
        : { latitude: query.latitude as number, longitude: query.longitude as number };
    const found = await this.proximity.nearest(origin, query.limit, query.openNow);
    const now = this.places.now();
    return {
      commune: found.origin.commune ? CommuneDto.from(found.origin.commune) : null,
      latitude: found.origin.position.latitude,
      longitude: found.origin.position.longitude,
      noneOpenNow: found.noneOpenNow,
      items: found.places.map((near) => ({
        ...PlaceDto.from(near.place, this.places.today(), hoursNow(near.place.horaires, near.place.code_insee, now)),
        distanceKm: Math.round(near.distanceKm * 10) / 10,
      })),
    };
  }
}
