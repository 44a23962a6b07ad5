import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ConfigService } from '@nestjs/config';
import { ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiDocumentResponse, CurrentActor, Public, RequestActor, Roles } from '@app/access';
import { type Actor, type AuthenticatedActor, DomainError } from '@app/domain';
import { CatalogueService } from './catalogue.service';
import { hoursNow } from './domain/opening-now';
import { CatalogueEntryDto, CatalogueEntryInputDto } from './dto/catalogue.dto';
import { MapConfigDto, MapFeatureCollectionDto } from './dto/open-data.dto';
import {
  AssignOrganisationDto,
  CreatePlaceDto,
  ManagedPlacesQueryDto,
  PlaceDto,
  PlacePageDto,
  PlaceSearchPageDto,
  PlaceSearchQueryDto,
  UpdatePlaceDto,
} from './dto/place.dto';
import type { PlaceEntity } from './entities/place.entity';
import { type PlaceSearch, PlacesService } from './places.service';

const MANAGERS = ['place_agent', 'operator_admin'] as const;
const GEOJSON = 'application/geo+json; charset=utf-8';

class PlaceDetailDto extends PlaceDto {
  @ApiProperty({ type: [CatalogueEntryDto] }) catalogue!: CatalogueEntryDto[];
}

@ApiTags('places')
@Controller()
export class PlacesController {
  constructor(
    private readonly places: PlacesService,
    private readonly catalogue: CatalogueService,
    private readonly config: ConfigService,
  ) {}

  @Get('places')
  @Public()
  @ApiOperation({
    summary: 'Search qualified places (text, service, commune, département, open now, modality, public, fees, accessibility, bounding box)',
    description:
      'Only qualified, not suspended places, by name. Paginated by page, or by `cursor` for software reading every place (the `nextCursor` of the page before: no gap, no duplicate while places are added or withdrawn); every filter narrows the result; `bbox` is west,south,east,north in WGS 84 degrees. Each place comes with its opening hours for the week and whether it is open now (Paris time).',
  })
  @ApiOkResponse({ type: PlaceSearchPageDto })
  async search(@Query() query: PlaceSearchQueryDto): Promise<PlaceSearchPageDto> {
    const page = await this.places.search(toSearch(query), { page: query.page, pageSize: query.pageSize, cursor: query.cursor });
    return { ...page, items: page.items.map((place) => this.dto(place)) };
  }

  @Get('places.geojson')
  @Public()
  @ApiOperation({
    summary: 'Qualified places as GeoJSON points for the map (same filters as the search, without paging)',
    description:
      'A FeatureCollection of Point features (longitude, latitude), one per qualified place matching the filters, with its id, name, commune and services. Compressed with gzip when the client accepts it; cached for 30 seconds.',
  })
  @ApiDocumentResponse('A GeoJSON FeatureCollection of Point features; properties: id, nom, commune', GEOJSON, MapFeatureCollectionDto)
  async geojson(
    @Query() query: PlaceSearchQueryDto,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { map, timings } = await this.places.mapGeoJson(toSearch(query));
    reply
      .header('content-type', GEOJSON)
      .header('server-timing', `read;dur=${timings.read.toFixed(2)}, compress;dur=${timings.compress.toFixed(2)}`)
      .header('cache-control', 'public, max-age=30')
      .header('vary', 'accept-encoding');
    if (/\bgzip\b/.test(acceptEncoding ?? '')) await reply.header('content-encoding', 'gzip').send(map.gzip);
    else await reply.send(map.json);
  }

  @Get('map-config')
  @Public()
  @ApiOperation({
    summary: 'Tile server of the public map and its attribution',
    description:
      'The tile URL template and attribution the map page uses (MAP_TILE_URL, MAP_TILE_ATTRIBUTION); empty strings when not configured.',
  })
  @ApiOkResponse({ type: MapConfigDto })
  mapConfig(): MapConfigDto {
    return { tileUrl: this.config.get<string>('MAP_TILE_URL') ?? '', attribution: this.config.get<string>('MAP_TILE_ATTRIBUTION') ?? '' };
  }

  @Get('places/:id')
  @Public()
  @ApiOperation({
    summary: 'A qualified place with its opening hours and catalogue (its managers also see it unqualified)',
    description:
      'Everything the public place page shows: address, contact, opening hours with whether it is open now, services, publics, accessibility and the catalogue of services paid with cheques. A place that is not qualified is 404 except for its own managers and the operator.',
  })
  @ApiOkResponse({ type: PlaceDetailDto })
  async get(@RequestActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<PlaceDetailDto> {
    const place = await this.places.getPublic(actor, id);
    const entries = await this.catalogue.current(id);
    return { ...this.dto(place), catalogue: entries.map((entry) => CatalogueEntryDto.from(entry)) };
  }

  @Get('managed-places')
  @Roles('place_agent', 'operator_admin', 'operator_reviewer')
  @ApiOperation({
    summary: 'The places your organisation manages (every place for the operator), whatever their qualification',
    description:
      'Paginated and searchable by name (`q`). Includes places not yet qualified, suspended or whose qualification lapsed, with their status.',
  })
  @ApiOkResponse({ type: PlacePageDto })
  async managed(@CurrentActor() actor: AuthenticatedActor, @Query() query: ManagedPlacesQueryDto): Promise<PlacePageDto> {
    const page = await this.places.listManaged(actor, { page: query.page, pageSize: query.pageSize }, query.q);
    return { ...page, items: page.items.map((place) => this.dto(place)) };
  }

  @Post('places')
  @Roles(...MANAGERS)
  @ApiOperation({
    summary: 'Register a place (national-schema fields); it is on the map only once qualified',
    description:
      'Creates the place for your organisation (the operator names the organisation). Its address is checked against the national schema; the place then applies for qualification before it is public.',
  })
  @ApiCreatedResponse({ type: PlaceDto })
  async create(@CurrentActor() actor: AuthenticatedActor, @Body() body: CreatePlaceDto): Promise<PlaceDto> {
    const { organisationId, ...fields } = body;
    return this.dto(await this.places.create(actor, organisationId, fields));
  }

  @Patch('places/:id')
  @Roles(...MANAGERS)
  @ApiOperation({
    summary: 'Change some fields of a place',
    description: 'Only the fields sent change, checked like at creation. Recorded in the audit trail; the open data follows at once.',
  })
  @ApiOkResponse({ type: PlaceDto })
  async update(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdatePlaceDto,
  ): Promise<PlaceDto> {
    return this.dto(await this.places.update(actor, id, body));
  }

  @Put('places/:id/organisation')
  @Roles('operator_admin')
  @ApiOperation({
    summary: 'Give a place (e.g. an imported one) to the place organisation that runs it',
    description: 'Imported places have no organisation until the operator gives them one; the organisation must be of kind place.',
  })
  @ApiOkResponse({ type: PlaceDto })
  async assign(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AssignOrganisationDto,
  ): Promise<PlaceDto> {
    return this.dto(await this.places.assignOrganisation(actor, id, body.organisationId));
  }

  @Get('places/:id/catalogue/history')
  @Roles('place_agent', 'operator_admin', 'operator_reviewer')
  @ApiOperation({
    summary: 'Every version of every catalogue entry of a place',
    description: 'All versions, the withdrawn ones included, so that each redemption can be traced to the service and price it paid for.',
  })
  @ApiOkResponse({ type: [CatalogueEntryDto] })
  async catalogueHistory(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<CatalogueEntryDto[]> {
    return (await this.catalogue.history(actor, id)).map((entry) => CatalogueEntryDto.from(entry));
  }

  @Post('places/:id/catalogue')
  @Roles(...MANAGERS)
  @ApiOperation({
    summary: 'Add a service the place accepts cheques for, with its price in cheques',
    description:
      'A service of the national vocabulary with its name, duration, modality and price in cheques. It can be paid with cheques at once if the place is qualified.',
  })
  @ApiCreatedResponse({ type: CatalogueEntryDto })
  async addEntry(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CatalogueEntryInputDto,
  ): Promise<CatalogueEntryDto> {
    return CatalogueEntryDto.from(await this.catalogue.add(actor, id, body));
  }

  @Put('places/:id/catalogue/:entryId')
  @Roles(...MANAGERS)
  @ApiOperation({
    summary: 'Change a service: writes its next version (earlier redemptions keep theirs)',
    description:
      'The entry keeps its stable id (`entryId`) and gets a new version id; redemptions made before keep pointing to the version they paid for.',
  })
  @ApiOkResponse({ type: CatalogueEntryDto })
  async reviseEntry(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('entryId', new ParseUUIDPipe()) entryId: string,
    @Body() body: CatalogueEntryInputDto,
  ): Promise<CatalogueEntryDto> {
    return CatalogueEntryDto.from(await this.catalogue.revise(actor, id, entryId, body));
  }

  @Delete('places/:id/catalogue/:entryId')
  @HttpCode(204)
  @Roles(...MANAGERS)
  @ApiOperation({
    summary: 'Withdraw a service (its versions stay for the redemptions that used them)',
    description: 'The service can no longer be paid with cheques; its history stays readable in the catalogue history.',
  })
  async retireEntry(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('entryId', new ParseUUIDPipe()) entryId: string,
  ): Promise<void> {
    await this.catalogue.retire(actor, id, entryId);
  }

  private dto(place: PlaceEntity): PlaceDto {
    return PlaceDto.from(place, this.places.today(), hoursNow(place.horaires, place.code_insee, this.places.now()));
  }
}

function toSearch(query: PlaceSearchQueryDto): PlaceSearch {
  let bbox: PlaceSearch['bbox'];
  if (query.bbox) {
    const [west, south, east, north] = query.bbox;
    if (west > east || south > north || Math.abs(south) > 90 || Math.abs(north) > 90) {
      throw DomainError.validation([{ field: 'bbox', problems: ['must be "west,south,east,north" with west ≤ east and south ≤ north'] }]);
    }
    bbox = [west, south, east, north];
  }
  return {
    text: query.q?.trim() || undefined,
    service: query.service,
    communeCode: query.commune,
    departementCode: query.departement,
    openNow: query.openNow,
    modality: query.modality,
    public: query.public,
    fees: query.fees,
    accessibility: query.accessibility,
    bbox,
  };
}
