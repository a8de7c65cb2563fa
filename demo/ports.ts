import { createServer } from 'node:net';

/** A port that could not be listened on, with what it was for and which setting changes it. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly host: string,
    readonly label: string,
    readonly envName: string,
  ) {
    super(`Port ${port} on ${host} (${label}) is already in use. Stop what uses it, or pick another port with ${envName}=<port>.`);
    this.name = 'PortInUseError';
  }
}

function listenOnce(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen({ port, host, exclusive: true }, () => {
      const address = probe.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      probe.close(() => resolve(bound));
    });
  });
}

/**
 * Resolves to `port` when it is free on `host` (or to a free port when `port` is 0); rejects with a
 * {@link PortInUseError} when something else listens there.
 * @example const sitePort = await reservePort(5173, '127.0.0.1', 'demo site', 'PARLEY_SITE_PORT');
 */
export async function reservePort(port: number, host: string, label: string, envName: string): Promise<number> {
  try {
    return await listenOnce(port, host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(port, host, label, envName);
    throw error;
  }
}

/** True when `error` says an address is taken (from `listen`, whatever wrapped it). */
export function isAddressInUse(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') return true;
    if (e instanceof Error && /EADDRINUSE/.test(e.message)) return true;
    if (typeof e !== 'object') break;
  }
  return false;
}

/**
 * Reads a port from the environment: an integer 0..65535, else `fallback`. Throws one clear line when it is not.
 * @example readPort(process.env, 'PORT', 8787)
 */
export function readPort(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name}="${raw}" is not a port (0 to 65535).`);
  return port;
}
