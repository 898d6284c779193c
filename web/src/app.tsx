import type React from 'react';
import { useEffect, useState } from 'react';
import { AuditPage } from './pages/audit-page';
import { ConsentPage } from './pages/consent-page';
import { MeasurementPage } from './pages/measurement-page';
import { ClaimsPage } from './pages/claims-page';
import { NetworkPage } from './pages/network-page';
import { OffersPage } from './pages/offers-page';
import { OverviewPage } from './pages/overview-page';
import { PortalPage } from './pages/portal-page';
import { ReleasesPage } from './pages/releases-page';
import { ReviewPage } from './pages/review-page';
import { LoginPage, SessionProvider, useSession } from './session';
import { PlannerPage } from './pages/planner-page';

interface Page {
  path: string;
  title: string;
  /** The permission the page's data needs; pages the role cannot use are not offered. */
  permission: string;
  render: () => React.JSX.Element;
}

const pages: Page[] = [
  { path: '/', title: 'Market overview', permission: 'overview.read', render: () => <OverviewPage /> },
  { path: '/app/portal', title: 'Dealer portal', permission: 'portal.read', render: () => <PortalPage /> },
  { path: '/app/network', title: 'Network', permission: 'network.read', render: () => <NetworkPage /> },
  { path: '/app/offers', title: 'Offer catalog', permission: 'offers.read', render: () => <OffersPage /> },
  { path: '/app/measurement', title: 'Measurement', permission: 'models.read', render: () => <MeasurementPage /> },
  { path: '/app/claims', title: 'Claims & funds', permission: 'claims.read', render: () => <ClaimsPage /> },
  { path: '/app/review', title: 'Compliance review', permission: 'compliance.review', render: () => <ReviewPage /> },
  { path: '/app/releases', title: 'Releases', permission: 'releases.read', render: () => <ReleasesPage /> },
  { path: '/app/consent', title: 'Consent lookup', permission: 'subject.export', render: () => <ConsentPage /> },
  { path: '/app/audit', title: 'Audit log', permission: 'audit.read', render: () => <AuditPage /> },
  { path: '/app/planner', title: 'Campaign planner', permission: 'plan.run', render: () => <PlannerPage /> },
];

function usePath(): [string, (p: string) => void] {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  return [path, (p) => { window.history.pushState({}, '', p); setPath(p); }];
}

function Shell() {
  const { me, checked, logout } = useSession();
  const [path, navigate] = usePath();
  if (!checked) return <p>Loading…</p>;
  if (!me) return <LoginPage />;
  const mine = pages.filter((p) => me.permissions.includes(p.permission));
  const page = mine.find((p) => p.path === path) ?? mine[0];
  return (
    <div className="shell">
      <header>
        <span className="brand">Forecourt</span>
        <nav aria-label="Main">
          {mine.map((p) => (
            <a key={p.path} href={p.path} aria-current={p === page ? 'page' : undefined}
               onClick={(e) => { e.preventDefault(); navigate(p.path); }}>{p.title}</a>
          ))}
          <a href="/docs">API docs</a>
        </nav>
        <span className="who" data-testid="who">{me.role.replace(/_/g, ' ')} · {me.nodeId}</span>
        <button className="link" onClick={() => void logout()}>Log out</button>
      </header>
      <main>
        {page ? <><h1>{page.title}</h1>{page.render()}</> : <p>Your role has no pages yet.</p>}
      </main>
    </div>
  );
}

export function App() {
  return <SessionProvider><Shell /></SessionProvider>;
}
