import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

export interface Me {
  actorId: string;
  kind: string;
  nodeId: string;
  role: string;
  permissions: string[];
}

interface SessionState {
  me: Me | undefined;
  checked: boolean;
  login(email: string, password: string): Promise<string | undefined>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | undefined>(undefined);
  const [checked, setChecked] = useState(false);
  useEffect(() => {
    void fetch('/api/v1/auth/me').then(async (res) => {
      if (res.ok) setMe(await res.json());
      setChecked(true);
    });
  }, []);
  const state: SessionState = {
    me,
    checked,
    async login(email, password) {
      const res = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      const body = await res.json();
      if (!res.ok) return body.message ?? 'Login failed';
      setMe(body);
      return undefined;
    },
    async logout() {
      await fetch('/api/v1/auth/logout', { method: 'POST' });
      setMe(undefined);
    },
  };
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export function LoginPage() {
  const { login } = useSession();
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <form className="login" aria-label="Log in" onSubmit={async (e) => {
      e.preventDefault();
      const form = new FormData(e.currentTarget);
      setError(await login(String(form.get('email')), String(form.get('password'))));
    }}>
      <h1>Log in to Forecourt</h1>
      <label>E-mail <input name="email" type="email" autoComplete="username" required /></label>
      <label>Password <input name="password" type="password" autoComplete="current-password" required /></label>
      <button type="submit">Log in</button>
      {error && <p role="alert" className="error">{error}</p>}
      <p className="muted">The demo's users and passwords are in <code>.forecourt-data/demo-users.json</code>.</p>
    </form>
  );
}
