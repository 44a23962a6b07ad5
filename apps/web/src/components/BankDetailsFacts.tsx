import { type BankDetails, api } from '../api';
import { formatIban } from '../bank-details';
import { formatDateTime } from '../labels';
import { SummaryList } from './SummaryList';

/** Bank details as facts: holder, IBAN (masked for the place, whole for the operator who checks it), BIC, dates and the RIB to download. */
export function BankDetailsFacts({ details, wholeIban = false }: { details: BankDetails; wholeIban?: boolean }) {
  // Several accounts on one page (the operator's queue): each link says whose RIB it is.
  const owner = details.organisationName ? ` de ${details.organisationName}` : '';
  return (
    <SummaryList
      facts={[
        ['Titulaire', details.accountHolder],
        ['IBAN', <span className="nowrap">{wholeIban ? formatIban(details.iban) : details.ibanMasked}</span>],
        ['BIC', details.bic],
        ['Envoyées le', formatDateTime(details.submittedAt)],
        [
          'RIB',
          details.proofFileName ? (
            <a href={api.bankProofUrl(details.organisationId, details.id)} download={details.proofFileName}>
              Télécharger le RIB<span className="visually-hidden">{owner}</span> ({details.proofFileName})
            </a>
          ) : (
            'Aucun RIB joint : le compte ne peut pas encore être vérifié.'
          ),
        ],
        details.reviewedAt ? [details.status === 'verified' ? 'Vérifiées le' : 'Refusées le', formatDateTime(details.reviewedAt)] : null,
      ]}
    />
  );
}
