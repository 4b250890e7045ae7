import pino, { type Logger, type DestinationStream } from 'pino';

/**
 * Paths pino censors wherever they appear in a log object. Request bodies are never logged;
 * these catch secrets that reach a log call through errors or objects.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.kubeconfig',
  '*.client_secret',
  '*.clientSecret',
  '*.token',
  '*.password',
  '*.secret',
  '*.keyPem',
  '*.certificatePem',
  'kubeconfig',
  'client_secret',
  'token',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: 'flux-orchestrator' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
