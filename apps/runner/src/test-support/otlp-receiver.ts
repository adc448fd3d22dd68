import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One span as a collector receives it over OTLP/HTTP JSON, flattened with its resource's service name. */
export interface ReceivedSpan {
  readonly serviceName: string | undefined;
  readonly name: string;
  /** OTLP's enum: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  readonly links: ReadonlyArray<{ readonly traceId: string; readonly spanId: string }>;
  /** OTLP's status code: 0 unset, 1 ok, 2 error. */
  readonly statusCode: number;
}

/**
 * A tiny OTLP/HTTP collector on loopback: it takes `POST /v1/traces` with the JSON body that
 * `@opentelemetry/exporter-trace-otlp-http` sends (ExportTraceServiceRequest, ids in hex, as the OTLP JSON encoding
 * says: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding), and keeps every span it decodes.
 */
export interface OtlpReceiver {
  /** The base URL, as `otlpEndpoint` or `OTEL_EXPORTER_OTLP_ENDPOINT` takes it. */
  readonly endpoint: string;
  readonly spans: () => readonly ReceivedSpan[];
  /** Every request, with its path and content type, to see what the exporter sent. */
  readonly requests: () => ReadonlyArray<{ readonly path: string; readonly contentType: string | undefined }>;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const requests: Array<{ path: string; contentType: string | undefined }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ path: request.url ?? '', contentType: request.headers['content-type'] });
      let body = Buffer.concat(chunks);
      if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      if (request.method !== 'POST' || request.url !== '/v1/traces' || !isJson(request.headers['content-type'])) {
        response.writeHead(415, { 'content-type': 'text/plain' }).end('this receiver takes OTLP/HTTP JSON traces');
        return;
      }
      spans.push(...decodeTraces(JSON.parse(body.toString('utf8')) as ExportTraceServiceRequest));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () => spans,
    requests: () => requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim() === 'application/json';
}

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
}
interface KeyValue {
  key: string;
  value?: AnyValue;
}
interface ExportTraceServiceRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind?: number;
        attributes?: KeyValue[];
        links?: Array<{ traceId: string; spanId: string }>;
        status?: { code?: number };
      }>;
    }>;
  }>;
}

function decodeTraces(request: ExportTraceServiceRequest): ReceivedSpan[] {
  const decoded: ReceivedSpan[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const serviceName = attributesOf(resourceSpans.resource?.attributes)['service.name'];
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        decoded.push({
          serviceName: typeof serviceName === 'string' ? serviceName : undefined,
          name: span.name,
          kind: span.kind ?? 0,
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId === undefined || span.parentSpanId === '' ? undefined : span.parentSpanId,
          attributes: attributesOf(span.attributes),
          links: (span.links ?? []).map((link) => ({ traceId: link.traceId, spanId: link.spanId })),
          statusCode: span.status?.code ?? 0,
        });
      }
    }
  }
  return decoded;
}

function attributesOf(attributes: KeyValue[] | undefined): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {};
  for (const { key, value } of attributes ?? []) {
    if (value?.stringValue !== undefined) values[key] = value.stringValue;
    else if (value?.boolValue !== undefined) values[key] = value.boolValue;
    else if (value?.intValue !== undefined) values[key] = Number(value.intValue);
    else if (value?.doubleValue !== undefined) values[key] = value.doubleValue;
  }
  return values;
}
