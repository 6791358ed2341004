/**
 * Runs the sandbox fediverse until SIGINT/SIGTERM: `npx tsx sandbox/main.ts`.
 * Ports come from SANDBOX_PORT, SANDBOX_PROXY_PORT, SANDBOX_ADMIN_PORT (0 or unset = ephemeral); the chosen
 * ones are printed as one JSON line on stdout.
 */
import { startSandbox } from './index';

function portFromEnv(name: string): number {
  const value = Number(process.env[name] ?? 0);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new Error(`${name} is not a port: ${process.env[name]}`);
  return value;
}

const sandbox = await startSandbox({
  port: portFromEnv('SANDBOX_PORT'),
  proxyPort: portFromEnv('SANDBOX_PROXY_PORT'),
  adminPort: portFromEnv('SANDBOX_ADMIN_PORT'),
});
const { port, proxyPort, adminPort, adminUrl } = sandbox;
process.stdout.write(JSON.stringify({ port, proxyPort, adminPort, adminUrl }) + '\n');

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  sandbox.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error('sandbox: close failed', err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
