import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, type GeoPoint, nearestFirst, searchCommunes } from '@app/domain';
import { type Commune, CommuneDirectory } from './commune-directory';
import { isOpenAt } from './domain/opening-now';
import { PlaceEntity } from './entities/place.entity';
import { PlacesService, QUALIFIED_PLACE_SQL } from './places.service';

/** Where the nearest places are measured from: a commune of the official list, or a position given by the browser. */
export type ProximityOrigin = { communeCode: string } | GeoPoint;

export interface NearPlace {
  place: PlaceEntity;
  distanceKm: number;
}

export interface NearestPlaces {
  origin: { commune: Commune | null; position: GeoPoint };
  places: NearPlace[];
  /** « Ouvert maintenant » was asked and no place near is open: the nearest ones are given with their next opening instead. */
  noneOpenNow: boolean;
}

/** Commune suggestions and the qualified places nearest to a commune or a position (docs/places.md, « Proximité »). */
@Injectable()
export class ProximityService {
  private readonly communes = new CommuneDirectory();

  constructor(
    private readonly dataSource: DataSource,
    private readonly places: PlacesService,
  ) {}

  suggestCommunes(typed: string, limit: number): Commune[] {
    return searchCommunes(this.communes.index, typed, limit);
  }

  commune(code: string): Commune {
    const commune = this.communes.byCode(code);
    if (!commune) throw DomainError.notFound('commune');
    return commune;
  }

  /** The `limit` qualified places nearest to the origin; never an empty list while a qualified place has a position. */
  async nearest(origin: ProximityOrigin, limit: number, openNow = false): Promise<NearestPlaces> {
    const commune = 'communeCode' in origin ? this.communeWithPosition(origin.communeCode) : null;
    const position = commune ? (commune.position as GeoPoint) : (origin as GeoPoint);
    const now = this.places.now();
    const candidates = await this.dataSource
      .getRepository(PlaceEntity)
      .createQueryBuilder('place')
      .where(QUALIFIED_PLACE_SQL, { today: this.places.today() })
      .andWhere('place.latitude IS NOT NULL AND place.longitude IS NOT NULL')
      .orderBy('place.nom')
      .addOrderBy('place.id')
      .getMany();
    const open = openNow ? candidates.filter((place) => isOpenAt(place.horaires, place.code_insee, now)) : candidates;
    const noneOpenNow = openNow && open.length === 0;
    const chosen = nearestFirst(position, noneOpenNow ? candidates : open, pointOf, limit);
    return {
      origin: { commune, position },
      noneOpenNow,
      places: chosen.map(({ item: place, distanceKm }) => ({ place, distanceKm })),
    };
  }

  private communeWithPosition(code: string): Commune {
    const commune = this.communes.byCode(code);
    if (!commune) throw DomainError.validation([{ field: 'commune', problems: ['is not an INSEE code of the official list of communes'] }]);
    if (!commune.position)
      throw DomainError.validation([{ field: 'commune', problems: ['has no known position: search around a neighbouring commune'] }]);
    return commune;
  }
}

const pointOf = (place: PlaceEntity): GeoPoint | null =>
  place.latitude === null || place.longitude === null ? null : { latitude: place.latitude, longitude: place.longitude };
