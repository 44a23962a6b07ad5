import { useEffect, useRef, useState } from 'react';
import {
  type DelayFigures,
  type ManagedPlace,
  type ManagedPlaceDetail,
  type Me,
  type Organisation,
  type RenewalReminders,
  api,
} from '../api';
import { PLACE_EDITORS } from '../access';
import { ErrorSummary } from '../components/ErrorSummary';
import { SelectField, TextAreaField } from '../components/FormField';
import { ItemLoading } from '../components/ItemLoading';
import { Page } from '../components/Page';
import { RenewalBanner } from '../components/RenewalBanner';
import { StatusMessage } from '../components/StatusMessage';
import { SummaryList } from '../components/SummaryList';
import { type FormErrors, errorMessage, toFormErrors } from '../forms';
import { formatDay, plural } from '../labels';
import { placeProblem } from '../place-fields';
import { placeQualificationLabel } from '../qualification-labels';
import { delayText } from '../settlement';
import { Link, navigationState } from '../router';
import { useSubmit } from '../useSubmit';
import { PLACE_NOT_FOUND } from './PlaceFormPage';

const BACK = { href: '/lieux-geres', label: 'Retour aux lieux' };

/** "/lieux-geres/<id>": a place as its managers see it, the way to its form and catalogue, and the operator's actions on it. */
export function ManagedPlacePage({ me, id }: { me: Me; id: string }) {
  const [place, setPlace] = useState<ManagedPlaceDetail | null>(null);
  const [organisations, setOrganisations] = useState<Organisation[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(() => navigationState().flash ?? null);
  const feedbackRef = useRef<HTMLDivElement>(null);
  const [renewals, setRenewals] = useState<RenewalReminders | null>(null);
  const [delay, setDelay] = useState<DelayFigures | null>(null);
  const operator = me.organisation.kind === 'operator';
  const placeAgent = me.role === 'place_agent';

  useEffect(() => {
    api.place(id).then(setPlace, (error: unknown) => setLoadError(errorMessage(error, { not_found: PLACE_NOT_FOUND })));
    if (operator) api.organisations('place').then(setOrganisations, () => setOrganisations([]));
    if (placeAgent) api.renewals(id).then(setRenewals, () => setRenewals(null));
    api.placePaymentDelay(id).then(setDelay, () => setDelay(null));
  }, [id, operator, placeAgent]);

  /** After an operator's action: the place as it is now, and the message where the keyboard focus goes. */
  function changed(updated: ManagedPlace, message: string): void {
    setPlace((current) => current && { ...current, ...updated });
    setStatus(message);
    window.setTimeout(() => feedbackRef.current?.focus(), 0);
  }

  if (!place) {
    return <ItemLoading title="Lieu" loading="Chargement du lieu…" loadError={loadError} back={BACK} />;
  }

  const organisationName = !operator
    ? me.organisation.name
    : !place.organisationId
      ? 'Aucune (lieu importé)'
      : organisations === null
        ? 'Chargement…'
        : (organisations.find((organisation) => organisation.id === place.organisationId)?.name ?? 'Organisation inconnue');
  const editor = PLACE_EDITORS.includes(me.role);

  return (
    <Page title={place.nom}>
      <p>
        <Link href={BACK.href}>{BACK.label}</Link>
      </p>
      <div ref={feedbackRef} tabIndex={-1}>
        <StatusMessage message={status} />
      </div>
      <RenewalBanner reminders={renewals} />

      <SummaryList
        facts={[
          [
            'Adresse',
            `${place.adresse}${place.complement_adresse ? `, ${place.complement_adresse}` : ''}, ${place.code_postal} ${place.commune}`,
          ],
          ['Organisation gestionnaire', organisationName],
          [
            'Qualification',
            `${placeQualificationLabel(place.qualification)}${place.qualification.suspensionReason ? ` — motif : ${place.qualification.suspensionReason}` : ''}`,
          ],
          ['Services au catalogue', plural(place.catalogue.length, 'service')],
          ['Fiche mise à jour le', formatDay(place.date_maj)],
          delay ? ['Délai de paiement des chèques encaissés ici', delayText(delay)] : null,
        ]}
      />

      <ul className="actions plain">
        {editor ? (
          <>
            <li>
              <Link href={`/lieux-geres/${place.id}/modifier`} className="button">
                Modifier la fiche
              </Link>
            </li>
            <li>
              <Link href={`/lieux-geres/${place.id}/catalogue`} className="button button--secondary">
                Gérer le catalogue
              </Link>
            </li>
          </>
        ) : null}
        {place.qualification.state === 'qualified' ? (
          <li>
            <Link href={`/lieux/${place.id}`} className="button button--secondary">
              Voir la page publique
            </Link>
          </li>
        ) : null}
      </ul>

      {operator ? <SuspensionForm place={place} onChanged={changed} /> : null}
      {me.role === 'operator_admin' && organisations ? (
        <AssignmentForm place={place} organisations={organisations} onChanged={changed} />
      ) : null}
    </Page>
  );
}

const placeErrors = (error: unknown): FormErrors => toFormErrors(error, {}, placeProblem);

/** The operator suspends a qualified place (off the map, cannot redeem) or lifts its suspension, always with a reason. */
function SuspensionForm({ place, onChanged }: { place: ManagedPlace; onChanged: (place: ManagedPlace, message: string) => void }) {
  const [reason, setReason] = useState('');
  const suspended = place.qualification.state === 'suspended';
  const { errors, pending, onSubmit } = useSubmit(async () => {
    const updated = suspended ? await api.liftSuspension(place.id, reason.trim()) : await api.suspendPlace(place.id, reason.trim());
    setReason('');
    onChanged(
      updated,
      suspended
        ? 'La suspension est levée : le lieu est de nouveau sur la carte et peut encaisser des chèques.'
        : 'Le lieu est suspendu : il n’est plus sur la carte et ne peut plus encaisser de chèques.',
    );
  }, placeErrors);
  if (!suspended && place.qualification.qualifiedUntil === null) return null;

  return (
    <section className="panel" aria-labelledby="titre-suspension">
      <h2 id="titre-suspension">{suspended ? 'Lever la suspension' : 'Suspendre le lieu'}</h2>
      <p>
        {suspended
          ? 'Lever la suspension remet le lieu sur la carte et lui permet à nouveau d’encaisser des chèques, jusqu’à la fin de sa qualification.'
          : 'Un lieu suspendu disparaît de la carte et des données ouvertes et ne peut plus encaisser de chèques, jusqu’à la levée de la suspension.'}
      </p>
      <ErrorSummary errors={errors} fields={{ reason: { id: 'suspension-motif', label: 'Motif' } }} />
      <form onSubmit={onSubmit} noValidate>
        <TextAreaField
          id="suspension-motif"
          label={suspended ? 'Motif de la levée' : 'Motif de la suspension'}
          hint="5 caractères au moins. Il est communiqué au lieu et conservé dans l’historique de sa qualification."
          rows={3}
          maxLength={2000}
          required
          errors={errors?.fields.reason}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <button type="submit" className="button" disabled={pending}>
          {suspended ? 'Lever la suspension' : 'Suspendre le lieu'}
        </button>
      </form>
    </section>
  );
}

/** The operator gives a place (an imported one, say) to the place organisation that runs it. */
function AssignmentForm({
  place,
  organisations,
  onChanged,
}: {
  place: ManagedPlace;
  organisations: Organisation[];
  onChanged: (place: ManagedPlace, message: string) => void;
}) {
  const [organisationId, setOrganisationId] = useState(place.organisationId ?? '');
  const { errors, pending, onSubmit } = useSubmit(async () => {
    const updated = await api.assignPlace(place.id, organisationId);
    const name = organisations.find((organisation) => organisation.id === organisationId)?.name ?? '';
    onChanged(updated, `Le lieu est rattaché à « ${name} » : ses membres peuvent maintenant le gérer.`);
  }, placeErrors);

  return (
    <section className="panel" aria-labelledby="titre-rattachement">
      <h2 id="titre-rattachement">Organisation gestionnaire</h2>
      <p>
        Un lieu importé n’est géré par aucune organisation : rattachez-le à l’organisation qui l’anime pour qu’elle complète sa fiche, son
        catalogue et demande sa qualification.
      </p>
      <ErrorSummary errors={errors} fields={{ organisationId: { id: 'rattachement-organisation', label: 'Organisation' } }} />
      <form onSubmit={onSubmit} noValidate>
        <SelectField
          id="rattachement-organisation"
          label="Organisation qui gère le lieu"
          placeholder="Choisissez une organisation"
          options={organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
          errors={errors?.fields.organisationId}
          value={organisationId}
          onChange={(event) => setOrganisationId(event.target.value)}
        />
        <button type="submit" className="button" disabled={pending}>
          Rattacher le lieu
        </button>
      </form>
    </section>
  );
}
