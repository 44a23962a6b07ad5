import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ConfigService } from '@nestjs/config';
import { ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, RequestActor, Roles } from '@app/access';
import { type Actor, type AuthenticatedActor, DomainError } from '@app/domain';
import { CatalogueService } from './catalogue.service';
import { isOpenAt, weekSchedule } from './domain/opening-now';
import { CatalogueEntryDto, CatalogueEntryInputDto } from './dto/catalogue.dto';
import {
  AssignOrganisationDto,
  CreatePlaceDto,
  ManagedPlacesQueryDto,
  PlaceDto,
  PlacePageDto,
  PlaceSearchQueryDto,
  UpdatePlaceDto,
} from './dto/place.dto';
import type { PlaceEntity } from './entities/place.entity';
import { type PlaceSearch, PlacesService } from './places.service';

const MANAGERS = ['place_agent', 'operator_admin'] as const;

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
  })
  @ApiOkResponse({ type: PlacePageDto })
  async search(@Query() query: PlaceSearchQueryDto): Promise<PlacePageDto> {
    const page = await this.places.search(toSearch(query), { page: query.page, pageSize: query.pageSize });
    return { ...page, items: page.items.map((place) => this.dto(place)) };
  }

  @Get('places.geojson')
  @Public()
  @ApiOperation({ summary: 'Qualified places as GeoJSON points for the map (same filters as the search, without paging)' })
  @ApiOkResponse({ description: 'A GeoJSON FeatureCollection; properties: id, nom, commune, services.' })
  async geojson(
    @Query() query: PlaceSearchQueryDto,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { map, timings } = await this.places.mapGeoJson(toSearch(query));
    reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('server-timing', `read;dur=${timings.read.toFixed(2)}, compress;dur=${timings.compress.toFixed(2)}`)
      .header('cache-control', 'public, max-age=30')
      .header('vary', 'accept-encoding');
    if (/\bgzip\b/.test(acceptEncoding ?? '')) await reply.header('content-encoding', 'gzip').send(map.gzip);
    else await reply.send(map.json);
  }

  @Get('map-config')
  @Public()
  @ApiOperation({ summary: 'Tile server of the public map and its attribution' })
  mapConfig(): { tileUrl: string; attribution: string } {
    return { tileUrl: this.config.get<string>('MAP_TILE_URL') ?? '', attribution: this.config.get<string>('MAP_TILE_ATTRIBUTION') ?? '' };
  }

  @Get('places/:id')
  @Public()
  @ApiOperation({ summary: 'A qualified place with its opening hours and catalogue (its managers also see it unqualified)' })
  @ApiOkResponse({ type: PlaceDetailDto })
  async get(@RequestActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<PlaceDetailDto> {
    const place = await this.places.getPublic(actor, id);
    const entries = await this.catalogue.current(id);
    return { ...this.dto(place), catalogue: entries.map((entry) => CatalogueEntryDto.from(entry)) };
  }

  @Get('managed-places')
  @Roles('place_agent', 'operator_admin', 'operator_reviewer')
  @ApiOperation({ summary: 'The places your organisation manages (every place for the operator), whatever their qualification' })
  @ApiOkResponse({ type: PlacePageDto })
  async managed(@CurrentActor() actor: AuthenticatedActor, @Query() query: ManagedPlacesQueryDto): Promise<PlacePageDto> {
    const page = await this.places.listManaged(actor, { page: query.page, pageSize: query.pageSize }, query.q);
    return { ...page, items: page.items.map((place) => this.dto(place)) };
  }

  @Post('places')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Register a place (national-schema fields); it is on the map only once qualified' })
  @ApiCreatedResponse({ type: PlaceDto })
  async create(@CurrentActor() actor: AuthenticatedActor, @Body() body: CreatePlaceDto): Promise<PlaceDto> {
    const { organisationId, ...fields } = body;
    return this.dto(await this.places.create(actor, organisationId, fields));
  }

  @Patch('places/:id')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Change some fields of a place' })
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
  @ApiOperation({ summary: 'Give a place (e.g. an imported one) to the place organisation that runs it' })
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
  @ApiOperation({ summary: 'Every version of every catalogue entry of a place' })
  @ApiOkResponse({ type: [CatalogueEntryDto] })
  async catalogueHistory(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<CatalogueEntryDto[]> {
    return (await this.catalogue.history(actor, id)).map((entry) => CatalogueEntryDto.from(entry));
  }

  @Post('places/:id/catalogue')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Add a service the place accepts cheques for, with its price in cheques' })
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
  @ApiOperation({ summary: 'Change a service: writes its next version (earlier redemptions keep theirs)' })
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
  @ApiOperation({ summary: 'Withdraw a service (its versions stay for the redemptions that used them)' })
  async retireEntry(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('entryId', new ParseUUIDPipe()) entryId: string,
  ): Promise<void> {
    await this.catalogue.retire(actor, id, entryId);
  }

  private dto(place: PlaceEntity): PlaceDto {
    const now = this.places.now();
    return PlaceDto.from(
      place,
      this.places.today(),
      place.horaires ? isOpenAt(place.horaires, place.code_insee, now) : null,
      weekSchedule(place.horaires, place.code_insee, now),
    );
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
