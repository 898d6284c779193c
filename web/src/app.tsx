import type React from 'react';
import { useEffect, useState } from 'react';
import { NetworkPage } from './pages/network-page';
import { OffersPage } from './pages/offers-page';
import { OverviewPage } from './pages/overview-page';

interface Page {
  path: string;
  title: string;
  render: () => React.JSX.Element;
}

const pages: Page[] = [
  { path: '/', title: 'Market overview', render: () => <OverviewPage /> },
  { path: '/app/network', title: 'Network', render: () => <NetworkPage /> },
  { path: '/app/offers', title: 'Offer catalog', render: () => <OffersPage /> },
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

export function App() {
  const [path, navigate] = usePath();
  const page = pages.find((p) => p.path === path) ?? pages[0]!;
  return (
    <div className="shell">
      <header>
        <span className="brand">Forecourt</span>
        <nav aria-label="Main">
          {pages.map((p) => (
            <a key={p.path} href={p.path} aria-current={p === page ? 'page' : undefined}
               onClick={(e) => { e.preventDefault(); navigate(p.path); }}>{p.title}</a>
          ))}
          <a href="/docs">API docs</a>
        </nav>
      </header>
      <main>
        <h1>{page.title}</h1>
        {page.render()}
      </main>
    </div>
  );
}
