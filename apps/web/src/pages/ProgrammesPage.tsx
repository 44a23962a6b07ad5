import { useEffect, useState } from 'react';
import { type Me, type Programme, type ProgrammeInput, api } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { EMPTY_PROGRAMME, ProgrammeForm } from '../components/ProgrammeForm';
import { errorMessage } from '../forms';
import { PROGRAMME_STATUS_LABELS, formatDay, formatEuros, plural } from '../labels';
import { Link, navigate } from '../router';

export function ProgrammesPage({ me }: { me: Me }) {
  const [programmes, setProgrammes] = useState<Programme[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    api.programmes().then(setProgrammes, (error: unknown) => setLoadError(errorMessage(error)));
  }, []);

  const ownOnly = me.organisation.kind === 'funder';

  return (
    <Page title="Programmes">
      <p>
        Un programme est une commande de carnets de chèques Pass numérique par un financeur : il est commandé, financé, puis activé, et ses
        carnets sont confiés aux structures distributrices.
      </p>
      <ErrorMessage message={loadError} />

      <section aria-labelledby="titre-programmes">
        <h2 id="titre-programmes">{ownOnly ? 'Les programmes de votre organisation' : 'Tous les programmes'}</h2>
        {programmes === null ? (
          loadError ? null : (
            <p>Chargement des programmes…</p>
          )
        ) : programmes.length === 0 ? (
          <p>Aucun programme pour le moment.</p>
        ) : (
          <DataTable caption={plural(programmes.length, 'programme')} wide>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Code</th>
                <th scope="col">Statut</th>
                <th scope="col">Valeur d'un chèque</th>
                <th scope="col">Carnets × chèques</th>
                <th scope="col">Validité</th>
                <th scope="col">Total dû</th>
              </tr>
            </thead>
            <tbody>
              {programmes.map((programme) => (
                <tr key={programme.id}>
                  <th scope="row" className="cell--name">
                    <Link href={`/programmes/${programme.id}`}>{programme.name}</Link>
                  </th>
                  <td>
                    <code>{programme.code}</code>
                  </td>
                  <td>
                    <span className={`status-tag status-tag--${programme.status}`}>{PROGRAMME_STATUS_LABELS[programme.status]}</span>
                  </td>
                  <td className="nowrap">{formatEuros(programme.faceValueCents)}</td>
                  <td className="nowrap">
                    <span aria-hidden="true">
                      {programme.bookletCount.toLocaleString('fr-FR')} × {programme.chequesPerBooklet}
                    </span>
                    <span className="visually-hidden">
                      {plural(programme.bookletCount, 'carnet')} de {plural(programme.chequesPerBooklet, 'chèque')}
                    </span>
                  </td>
                  <td className="nowrap">
                    du {formatDay(programme.validFrom)}
                    <br />
                    au {formatDay(programme.validUntil)}
                  </td>
                  <td className="nowrap">{programme.order.totalDue}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>

      {me.role === 'funder_manager' ? <CreateProgramme /> : null}
    </Page>
  );
}

function CreateProgramme() {
  async function create(input: ProgrammeInput): Promise<void> {
    const created = await api.createProgramme(input);
    navigate(`/programmes/${created.id}`, {
      state: {
        flash: `Le programme « ${created.name} » est créé (brouillon, code ${created.code}). Vérifiez-le, puis passez la commande.`,
      },
    });
  }

  return (
    <section aria-labelledby="titre-creation" className="panel">
      <h2 id="titre-creation">Créer un programme</h2>
      <p>Le programme est d'abord un brouillon : rien n'est commandé tant que vous n'avez pas passé la commande depuis sa page.</p>
      <ProgrammeForm initial={EMPTY_PROGRAMME} submitLabel="Créer le programme" onSubmit={create} />
    </section>
  );
}
