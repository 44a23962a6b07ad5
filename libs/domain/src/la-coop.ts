/**
 * « Compléter mon compte rendu sur La Coop » (docs/la-coop.md, ADR 0023): after a redemption, the
 * mediator opens La Coop de la médiation numérique's activity-report form (« CRA ») already filled
 * with what the platform knows — the day, the service's duration, its thématiques, and a note that
 * Pass numérique cheques paid for it. Never anything about the person.
 *
 * La Coop pre-fills its forms from a `v` query parameter: the form's default values, serialised
 * with superjson, deflated (zlib) and written in unpadded base64url
 * (apps/web/src/utils/encodeSerializableState.ts in github.com/inclusion-numerique/coop-mediation-numerique).
 * A state of plain JSON values serialises with superjson as `{"json": state}`, so the encoding is
 * written here with Node's zlib; a property test decodes it with superjson and pako, as La Coop does.
 */
import { deflateSync } from 'node:zlib';
import type { Service } from './national-schema';
import type { ServiceModality } from './places';

/** La Coop's thématiques (its `Thematique` enum), for the services of the national schema. */
export const LA_COOP_THEMATIQUES: Record<Service, string[]> = {
  'Aide aux démarches administratives': ['AideAuxDemarchesAdministratives'],
  'Maîtrise des outils numériques du quotidien': ['PrendreEnMainDuMateriel', 'NavigationSurInternet'],
  'Insertion professionnelle via le numérique': ['InsertionProfessionnelle'],
  'Utilisation sécurisée du numérique': ['SecuriteNumerique'],
  'Parentalité et éducation avec le numérique': ['Parentalite'],
  'Loisirs et créations numériques': ['CreerAvecLeNumerique'],
  'Compréhension du monde numérique': ['CultureNumerique'],
  'Accès internet et matériel informatique': ['PrendreEnMainDuMateriel'],
  'Acquisition de matériel informatique à prix solidaire': ['PrendreEnMainDuMateriel'],
};

/** Durations La Coop offers as choices, in minutes; any other is « personnaliser » in hours and minutes. */
const LA_COOP_DURATIONS = [15, 30, 45, 60, 90, 120];

export interface LaCoopActivity {
  /** The day of the help, in Paris time (YYYY-MM-DD). */
  day: string;
  durationMinutes: number;
  category: Service;
  modality: ServiceModality;
  chequeCount: number;
  serviceName: string;
}

export interface LaCoopReportState {
  date: string;
  duree: { duree: string; dureePersonnaliseeHeures?: number; dureePersonnaliseeMinutes?: number };
  thematiques: string[];
  notes: string;
}

/** The form a workshop or a one-to-one help is reported with, and its pre-filled values. */
export function laCoopReport(activity: LaCoopActivity): { form: 'individuel' | 'collectif'; state: LaCoopReportState } {
  const minutes = Math.min(Math.max(Math.round(activity.durationMinutes), 1), 23 * 60 + 59);
  const duree = LA_COOP_DURATIONS.includes(minutes)
    ? { duree: String(minutes) }
    : { duree: 'personnaliser', dureePersonnaliseeHeures: Math.floor(minutes / 60), dureePersonnaliseeMinutes: minutes % 60 };
  const cheques = activity.chequeCount > 1 ? `${activity.chequeCount} chèques` : '1 chèque';
  return {
    form: activity.modality === 'collective_workshop' ? 'collectif' : 'individuel',
    state: {
      date: activity.day,
      duree,
      thematiques: LA_COOP_THEMATIQUES[activity.category] ?? [],
      notes: `Pass numérique : ${cheques} pour « ${activity.serviceName} ».`,
    },
  };
}

/** La Coop's `v` parameter for a state of plain JSON values (see above). */
export function encodeLaCoopState(state: LaCoopReportState): string {
  return deflateSync(Buffer.from(JSON.stringify({ json: state }), 'utf8')).toString('base64url');
}

/** The address of La Coop's pre-filled form, under its base URL (LA_COOP_URL). */
export function laCoopReportUrl(baseUrl: string, activity: LaCoopActivity): string {
  const { form, state } = laCoopReport(activity);
  const url = new URL(`coop/mes-activites/cra/${form}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('v', encodeLaCoopState(state));
  return url.toString();
}
