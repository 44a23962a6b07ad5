/** Place builders for tests, through the HTTP API as a place organisation and the operator would. */
import type TestAgent from 'supertest/lib/agent';
import { currentReferential } from '@app/domain';

export const PLACE_INPUT = {
  pivot: '43493312300029',
  nom: 'Espace numérique du Lac',
  commune: 'Bordeaux',
  code_postal: '33300',
  code_insee: '33063',
  adresse: '3 rue du Lac',
  latitude: 44.8837,
  longitude: -0.5654,
  horaires: 'Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00',
  services: ['Maîtrise des outils numériques du quotidien', 'Aide aux démarches administratives'],
  modalites_accompagnement: ['Accompagnement individuel', 'Dans un atelier collectif'],
  frais_a_charge: ['Gratuit'],
  publics_specifiquement_adresses: ['Seniors'],
  prise_en_charge_specifique: ['Surdité'],
  telephone: '+33556000000',
  courriels: ['contact@espace-lac.example'],
};

/** Passing scores: every mandatory criterion met, every scored one at 2 of 3. */
export function passingScores(): Array<{ criterionCode: string; met?: boolean; score?: number; comment: string }> {
  return currentReferential().criteria.map((criterion) =>
    criterion.kind === 'mandatory'
      ? { criterionCode: criterion.code, met: true, comment: 'Justificatif vérifié.' }
      : { criterionCode: criterion.code, score: 2, comment: 'Satisfaisant.' },
  );
}

export function fullAnswers(): Array<{ criterionCode: string; text: string; links: string[] }> {
  return currentReferential().criteria.map((criterion) => ({
    criterionCode: criterion.code,
    text: `Réponse pour ${criterion.title}`,
    links: [],
  }));
}

/** Creates a place as its organisation and takes it through qualification; answers the place. */
export async function createQualifiedPlace(
  placeAgent: TestAgent,
  reviewer: TestAgent,
  input: Partial<typeof PLACE_INPUT> & Record<string, unknown> = {},
): Promise<{ id: string; applicationId: string }> {
  const place = await placeAgent
    .post('/api/places')
    .send({ ...PLACE_INPUT, ...input })
    .expect(201);
  const application = await placeAgent.post('/api/qualification/applications').send({ placeId: place.body.id }).expect(201);
  await answerAndSubmit(placeAgent, application.body.id);
  await qualify(reviewer, application.body.id);
  return { id: place.body.id, applicationId: application.body.id };
}

/** Answers every criterion of a draft application and sends it to the reviewers. */
export async function answerAndSubmit(placeAgent: TestAgent, applicationId: string): Promise<void> {
  await placeAgent.put(`/api/qualification/applications/${applicationId}/answers`).send({ answers: fullAnswers() }).expect(200);
  await placeAgent.post(`/api/qualification/applications/${applicationId}/submit`).expect(200);
}

/** A reviewer qualifies a submitted application with passing scores; answers the decision. */
export async function qualify(reviewer: TestAgent, applicationId: string): Promise<{ id: string; validFrom: string; validUntil: string }> {
  const decision = await reviewer
    .post(`/api/qualification/applications/${applicationId}/decision`)
    .send({ outcome: 'qualified', motivation: 'Tous les critères obligatoires sont remplis.', scores: passingScores() })
    .expect(201);
  return decision.body;
}
