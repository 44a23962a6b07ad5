import { useEffect, useState } from 'react';
import { type DistributorFunnel, type Me, type QualificationApplication, type RenewalReminders, type Role, api } from '../api';
import { FundsCoverageSummary } from '../components/FundsCoverageSummary';
import { FunnelFigures } from '../components/FunnelFigures';
import { Page } from '../components/Page';
import { RenewalBanner } from '../components/RenewalBanner';
import { ReportSection } from '../components/ReportSection';
import { formatDateTime, KIND_LABELS, ROLE_LABELS } from '../labels';
import { Link } from '../router';

interface Card {
  title: string;
  text: string;
  /** A page available now; cards without one announce a later feature. */
  href?: string;
}

const API_ACCESS: Card = {
  title: 'Accès API',
  text: "Créer et révoquer les jetons qui permettent à vos logiciels d'utiliser l'API de la plateforme.",
  href: '/acces-api',
};
const QUALIFICATION: Card = {
  title: 'Qualification des lieux',
  text: 'Examiner les demandes des lieux de médiation numérique et décider de leur qualification.',
  href: '/qualification',
};

const CARDS: Record<Role, Card[]> = {
  operator_admin: [
    {
      title: 'Organisations et utilisateurs',
      text: 'Créer les organisations (financeurs, structures distributrices, lieux) et inviter les personnes qui y travaillent.',
      href: '/organisations',
    },
    { title: "Journal d'audit", text: 'Retrouver chaque action enregistrée sur la plateforme : qui, quoi, quand.', href: '/audit' },
    {
      title: 'Programmes et financements',
      text: 'Suivre les programmes de Pass numérique, enregistrer les financements reçus et attribuer les carnets.',
      href: '/programmes',
    },
    QUALIFICATION,
    {
      title: 'Import de lieux',
      text: 'Importer un fichier de lieux au standard national : lire son rapport, puis l’appliquer ou l’abandonner.',
      href: '/import-lieux',
    },
    {
      title: 'RIB à vérifier',
      text: 'Vérifier les coordonnées bancaires des lieux avec leur RIB avant tout remboursement.',
      href: '/verification-rib',
    },
    {
      title: 'Tableau de bord',
      text: "L'usage des chèques de tous les programmes, l'activité des lieux et la qualification en cours.",
      href: '/tableau-de-bord',
    },
    {
      title: 'Remboursements des lieux',
      text: 'Préparer et suivre le remboursement des chèques encaissés par les lieux.',
      href: '/remboursements',
    },
    {
      title: 'Comptabilité',
      text: 'Contrôler le grand livre, lire les soldes des comptes et enregistrer les remboursements aux financeurs.',
      href: '/comptabilite',
    },
  ],
  operator_reviewer: [
    QUALIFICATION,
    {
      title: 'Remboursements des lieux',
      text: 'Vérifier et approuver les lots de remboursement préparés par un autre membre de l’opérateur.',
      href: '/remboursements',
    },
    { title: 'Registre des décisions', text: 'Retrouver les décisions de qualification prises et leurs motifs.', href: '/registre' },
  ],
  funder_manager: [
    {
      title: 'Mes programmes',
      text: 'Définir vos programmes, commander des carnets de chèques et les confier aux structures distributrices.',
      href: '/programmes',
    },
    { title: 'Tableau de bord', text: "Suivre la remise et l'usage des chèques que vous financez.", href: '/tableau-de-bord' },
    { title: 'Paiements aux lieux', text: 'Voir combien de vos chèques ont été remboursés à chaque lieu.', href: '/paiements-lieux' },
    API_ACCESS,
  ],
  funder_viewer: [
    {
      title: 'Tableau de bord',
      text: "Suivre la remise et l'usage des chèques que votre organisation finance.",
      href: '/tableau-de-bord',
    },
    { title: 'Mes programmes', text: 'Consulter les programmes de votre organisation et leurs carnets.', href: '/programmes' },
    { title: 'Paiements aux lieux', text: 'Voir combien de vos chèques ont été remboursés à chaque lieu.', href: '/paiements-lieux' },
  ],
  distributor_agent: [
    { title: 'Stock de carnets', text: 'Voir les carnets de chèques reçus et ceux qui restent à remettre.', href: '/carnets' },
    { title: 'Remettre un carnet', text: "Enregistrer la remise d'un carnet à une personne que vous accompagnez.", href: '/remise' },
    API_ACCESS,
  ],
  place_agent: [
    {
      title: 'Encaisser des chèques',
      text: "Scanner les chèques reçus en paiement d'un accompagnement, avec ou sans connexion.",
      href: '/lieu/scanner',
    },
    {
      title: 'Encaissements',
      text: 'Retrouver les chèques encaissés, les totaux par jour et par service, et annuler une erreur.',
      href: '/lieu/encaissements',
    },
    {
      title: 'Fiche du lieu et qualification',
      text: 'Présenter votre lieu et demander ou renouveler sa qualification.',
      href: '/lieux-geres',
    },
    {
      title: 'Coordonnées bancaires',
      text: 'Indiquer le compte, avec son RIB, sur lequel vos chèques encaissés vous sont remboursés.',
      href: '/coordonnees-bancaires',
    },
    {
      title: 'Mes remboursements',
      text: 'Suivre le remboursement des chèques que vous avez encaissés et télécharger chaque relevé.',
      href: '/mes-remboursements',
    },
    API_ACCESS,
  ],
};

const SESSIONS: Card = {
  title: 'Mes sessions',
  text: 'Voir les appareils où votre compte est connecté et fermer une session oubliée.',
  href: '/sessions',
};

const NOTIFICATIONS: Card = {
  title: 'Mes notifications',
  text: 'Choisir les e-mails que vous recevez de la plateforme.',
  href: '/mes-notifications',
};

export function HomePage({ me }: { me: Me }) {
  const cards = [...CARDS[me.role], SESSIONS, NOTIFICATIONS];
  const [renewals, setRenewals] = useState<RenewalReminders | null>(null);
  const [awaitingChanges, setAwaitingChanges] = useState<QualificationApplication[]>([]);
  useEffect(() => {
    // A place's qualification ending soon, or the reviewer waiting for it, is the first thing its mediator should see.
    if (me.role !== 'place_agent') return;
    api.renewals().then(setRenewals, () => setRenewals(null));
    api.applications({ status: 'changes_requested' }).then(setAwaitingChanges, () => setAwaitingChanges([]));
  }, [me.role]);
  return (
    <Page title="Accueil" heading={`Bonjour ${me.displayName}`}>
      <p className="lead">
        {me.organisation.name} <span className="muted">({KIND_LABELS[me.organisation.kind].toLowerCase()})</span>
        <br />
        Votre rôle : {ROLE_LABELS[me.role]}
      </p>
      <ChangesRequestedBanner applications={awaitingChanges} />
      <RenewalBanner reminders={renewals} />
      {me.organisation.kind === 'operator' && <FundsCoverageSummary me={me} />}
      <h2>Ce que vous pouvez faire</h2>
      <ul className="cards">
        {cards.map((card) => (
          <li key={card.title} className={card.href ? 'card card--link' : 'card'}>
            <h3 className="card__title">
              {card.href ? (
                <Link href={card.href}>{card.title}</Link>
              ) : (
                <>
                  {card.title} <span className="badge">À venir</span>
                </>
              )}
            </h3>
            <p>{card.text}</p>
          </li>
        ))}
      </ul>
      {me.role === 'distributor_agent' ? <OwnFunnel /> : null}
    </Page>
  );
}

/** First applications the reviewer sent back for more (renewals are in the renewal banner). */
function ChangesRequestedBanner({ applications }: { applications: QualificationApplication[] }) {
  const firsts = applications.filter((application) => application.renewalOfDecisionId === null);
  if (firsts.length === 0) return null;
  return (
    <section aria-labelledby="titre-complements" className="notice notice--warning">
      <h2 id="titre-complements">
        {firsts.length === 1
          ? 'Une demande de qualification attend vos compléments'
          : 'Des demandes de qualification attendent vos compléments'}
      </h2>
      <ul className="plain">
        {firsts.map((application) => (
          <li key={application.id}>
            <p>
              L’opérateur demande des compléments pour <strong>{application.placeName}</strong> : lisez son message, complétez la demande et
              renvoyez-la.{' '}
              <Link href={`/qualification/${application.id}`}>
                Compléter la demande<span className="visually-hidden"> de {application.placeName}</span>
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A distributor's own funnel: its booklets from allocation to use, and those stuck for 30 days. */
function OwnFunnel() {
  const [funnel, setFunnel] = useState<DistributorFunnel | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api.distributorFunnel({}).then(setFunnel, () => setFailed(true));
  }, []);
  return (
    <section aria-labelledby="titre-vos-carnets">
      <h2 id="titre-vos-carnets">Vos carnets, de la remise à l’utilisation</h2>
      {failed ? (
        <p role="alert">Les chiffres de vos carnets n’ont pas pu être chargés. Rechargez la page dans un instant.</p>
      ) : funnel === null ? (
        <p>Chargement des chiffres de vos carnets…</p>
      ) : (
        <>
          <p className="muted">
            {funnel.refreshedAt
              ? `Chiffres arrêtés le ${formatDateTime(funnel.refreshedAt)} (recalculés toutes les quelques minutes). Personnes comptées par commune et par âge sur des mois entiers et terminés ; « secret » remplace tout effectif de moins de ${funnel.smallCellThreshold}.`
              : 'Les chiffres n’ont pas encore été calculés.'}
          </p>
          <FunnelFigures funnel={funnel.funnel} forDistributor />
          {funnel.tables.map((table) => (
            <ReportSection key={table.id} table={table} csvUrl={(format) => api.distributorFunnelCsvUrl(table.id, {}, format)} />
          ))}
        </>
      )}
    </section>
  );
}
