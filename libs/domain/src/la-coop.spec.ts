import fc from 'fast-check';
import { inflate } from 'pako';
import superjson from 'superjson';
import { encodeLaCoopState, LA_COOP_THEMATIQUES, laCoopReport, laCoopReportUrl, type LaCoopReportState } from './la-coop';
import { SERVICES } from './national-schema';
import { SERVICE_MODALITIES } from './places';

/** What La Coop's decodeSerializableState does with the `v` parameter (its base64url, pako, superjson). */
function decodedByLaCoop(v: string): unknown {
  const binary = atob(v.replaceAll('-', '+').replaceAll('_', '/'));
  const compressed = Uint8Array.from(binary, (char) => char.codePointAt(0) as number);
  return superjson.parse(inflate(compressed, { toText: true }));
}

/** La Coop's thématiques (its Thematique enum, 2025), to check our mapping names only real ones. */
const LA_COOP_THEMATIQUE_VALUES = [
  'DiagnosticNumerique',
  'PrendreEnMainDuMateriel',
  'MaintenanceDeMateriel',
  'GereSesContenusNumeriques',
  'NavigationSurInternet',
  'Email',
  'Bureautique',
  'ReseauxSociaux',
  'Sante',
  'BanqueEtAchatsEnLigne',
  'Entrepreneuriat',
  'InsertionProfessionnelle',
  'SecuriteNumerique',
  'Parentalite',
  'ScolariteEtNumerique',
  'CreerAvecLeNumerique',
  'CultureNumerique',
  'IntelligenceArtificielle',
  'AideAuxDemarchesAdministratives',
];

describe('La Coop activity-report links', () => {
  it('encode the form state so that La Coop’s own decoding gives it back (property)', () => {
    const states = fc.record<LaCoopReportState>({
      date: fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((day) => day.toISOString().slice(0, 10)),
      duree: fc.oneof(
        fc.constantFrom('15', '30', '45', '60', '90', '120').map((duree) => ({ duree })),
        fc.record({
          duree: fc.constant('personnaliser'),
          dureePersonnaliseeHeures: fc.integer({ min: 0, max: 23 }),
          dureePersonnaliseeMinutes: fc.integer({ min: 0, max: 59 }),
        }),
      ),
      thematiques: fc.subarray(LA_COOP_THEMATIQUE_VALUES),
      notes: fc.string({ maxLength: 300, unit: 'binary' }),
    });
    fc.assert(fc.property(states, (state) => expect(decodedByLaCoop(encodeLaCoopState(state))).toEqual(state)));
  });

  it('pre-fill the day, the duration, the thématiques and a note, on the form of the service’s modality', () => {
    const activity = {
      day: '2026-12-08',
      durationMinutes: 60,
      category: 'Aide aux démarches administratives' as const,
      modality: 'individual' as const,
      chequeCount: 2,
      serviceName: 'Accompagnement individuel',
    };
    const url = new URL(laCoopReportUrl('https://coop-numerique.anct.gouv.fr', activity));
    expect(url.origin + url.pathname).toBe('https://coop-numerique.anct.gouv.fr/coop/mes-activites/cra/individuel');
    expect(decodedByLaCoop(url.searchParams.get('v') as string)).toEqual({
      date: '2026-12-08',
      duree: { duree: '60' },
      thematiques: ['AideAuxDemarchesAdministratives'],
      notes: 'Pass numérique : 2 chèques pour « Accompagnement individuel ».',
    });
    const workshop = laCoopReport({ ...activity, modality: 'collective_workshop', durationMinutes: 100, chequeCount: 1 });
    expect(workshop.form).toBe('collectif');
    expect(workshop.state.duree).toEqual({ duree: 'personnaliser', dureePersonnaliseeHeures: 1, dureePersonnaliseeMinutes: 40 });
    expect(workshop.state.notes).toBe('Pass numérique : 1 chèque pour « Accompagnement individuel ».');
  });

  it('map every service of the national schema to thématiques La Coop knows, for every modality', () => {
    for (const service of SERVICES) {
      expect(LA_COOP_THEMATIQUES[service].length).toBeGreaterThan(0);
      expect(LA_COOP_THEMATIQUE_VALUES).toEqual(expect.arrayContaining(LA_COOP_THEMATIQUES[service]));
    }
    expect(
      SERVICE_MODALITIES.map(
        (modality) =>
          laCoopReport({ day: '2026-12-08', durationMinutes: 30, category: SERVICES[0], modality, chequeCount: 1, serviceName: 'x' }).form,
      ),
    ).toEqual(['individuel', 'collectif', 'individuel', 'individuel']);
  });
});
