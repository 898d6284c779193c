import type { IngestContext, IngestResult, Ingestor } from './ingestor';

/** Content types the telemetry route accepts. */
export const telemetryContentTypes = {
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  compact: 'application/vnd.forecourt.tlm-compact',
  compactJson: 'application/vnd.forecourt.tlm-compact+json',
} as const;

/**
 * Turns an HTTP body into an ingest result without doing any I/O; the route
 * only reads the body and maps the result to a response (202 with counts).
 * An unknown content type is an expected outcome with a stable code.
 */
export function ingestHttpBody(ingestor: Ingestor, contentType: string | undefined, body: string | Uint8Array, ctx: IngestContext = {}): IngestResult {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const c = { transport: 'http', ...ctx };
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  switch (type) {
    case telemetryContentTypes.json:
    case telemetryContentTypes.ndjson:
    case 'application/ndjson':
    case 'application/jsonl':
      return ingestor.ingestSimple(body, c);
    case telemetryContentTypes.compact:
    case 'application/octet-stream':
      return ingestor.ingestCompact(bytes, c);
    case telemetryContentTypes.compactJson:
      return ingestor.ingestCompactJson(body, c);
    default:
      return ingestor.rejectPayload('unsupported_media_type', `content type ${type || '(none)'}`, `<${bytes.length} bytes>`, c);
  }
}
