import { ForecourtError } from '../kernel';
import type { Platform } from './compose-io';

/** Listens on the configured host and port; a taken port is a clear error. */
export async function listen(platform: Platform): Promise<string> {
  const { host, port } = platform.config;
  try {
    return await platform.app.listen({ host, port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ForecourtError('PORT_IN_USE', `port ${port} on ${host} is already in use: stop the other process or choose another with --port or PORT`);
    }
    if ((err as NodeJS.ErrnoException).code === 'EACCES') {
      throw new ForecourtError('CONFIG_INVALID', `not allowed to listen on port ${port}: choose a port above 1023 with --port or PORT`);
    }
    throw err;
  }
}

/**
 * Fails fast, before the database starts, if the port is taken. `listen`
 * still handles the race where another process takes it in between.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const { createServer } = await import('node:net');
  await new Promise<void>((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new ForecourtError('PORT_IN_USE', `port ${port} on ${host} is already in use: stop the other process or choose another with --port or PORT`));
      else if (err.code === 'EACCES') reject(new ForecourtError('CONFIG_INVALID', `not allowed to listen on port ${port}: choose a port above 1023 with --port or PORT`));
      else reject(err);
    });
    probe.listen(port, host, () => probe.close(() => resolvePromise()));
  });
}
