import { useEffect, useState } from 'react';

export interface ApiState<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
}

/** Fetches JSON from the API, optionally polling; errors show the API's code and message. */
export function useApi<T>(path: string, pollMs?: number): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({ data: undefined, error: undefined, loading: true });
  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        const res = await fetch(path, { headers: { accept: 'application/json' } });
        const body = await res.json();
        if (cancelled) return;
        if (!res.ok) setState({ data: undefined, error: `${body.code}: ${body.message}`, loading: false });
        else setState({ data: body as T, error: undefined, loading: false });
      } catch (err) {
        if (!cancelled) setState((s) => ({ ...s, error: String(err), loading: false }));
      }
    };
    void load();
    const timer = pollMs ? setInterval(load, pollMs) : undefined;
    return () => {
      cancelled = true;
      if (timer) clearInterval(timer);
    };
  }, [path, pollMs]);
  return state;
}

export const fmt = new Intl.NumberFormat('en');
