import { redactedPlaceholder, redactSecrets } from '@stockwire/connector-spec';

/**
 * Field and query-parameter names whose values are credentials whatever the vendor: a token the vendor just issued
 * (an OAuth answer's `access_token`) is in no list of known secrets yet, so it is recognised by its name.
 */
const secretLookingName =
  /token|secret|password|passwd|passphrase|signature|authorization|cookie|credential|api[-_]?key|access[-_]?key|private[-_]?key|signing[-_]?key|session/i;
/**
 * Names that contain a credential word but hold none: pagination handles (`nextToken`, `continuationToken`) say
 * where a listing is, and an OAuth answer's `token_type`, `expires_in` and `scope` describe the token, not reveal it.
 */
const describesACredential = /next|page|continuation|cursor|type$|expir|scope/i;

/** Bodies in a trace line are for diagnosis: the first two kilobytes say what was sent and answered. */
export const loggedBodyLimit = 2_048;

export function isSecretLookingName(name: string): boolean {
  return secretLookingName.test(name) && !describesACredential.test(name);
}

/** The URL with the known secrets and every secret-looking query parameter's value replaced by `[REDACTED]`. */
export function redactUrlForLog(url: string, secrets: readonly string[]): string {
  const queryStart = url.indexOf('?');
  const withoutSecrets =
    queryStart === -1 ? url : `${url.slice(0, queryStart + 1)}${redactFormText(url.slice(queryStart + 1))}`;
  return redactSecrets(withoutSecrets, secrets);
}

/**
 * A request or response body as one line of text for the log: JSON and form fields with secret-looking names
 * redacted, the known secrets redacted wherever they appear, truncated. Undefined when there is no body.
 */
export function redactBodyForLog(body: unknown, secrets: readonly string[]): string | undefined {
  const text = bodyText(body);
  if (text === undefined || text.length === 0) return undefined;
  const redacted = redactSecrets(text, secrets);
  return redacted.length <= loggedBodyLimit
    ? redacted
    : `${redacted.slice(0, loggedBodyLimit)}… (${redacted.length - loggedBodyLimit} more characters)`;
}

function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (body instanceof URLSearchParams) return redactFormText(body.toString());
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return `(${body.byteLength} bytes)`;
  if (typeof body === 'string') return redactText(body);
  return JSON.stringify(redactFields(body));
}

/** A string body: JSON when it parses as JSON, a form when it looks like one, else as it is. */
function redactText(text: string): string {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(redactFields(JSON.parse(text)));
    } catch {
      return text;
    }
  }
  return /^[^\s=&]+=[^\s&]*(?:&[^\s=&]+=[^\s&]*)*$/.test(text) ? redactFormText(text) : text;
}

function redactFormText(text: string): string {
  return text
    .split('&')
    .map((pair) => {
      const separator = pair.indexOf('=');
      if (separator === -1) return pair;
      const name = safeDecode(pair.slice(0, separator));
      return isSecretLookingName(name) ? `${pair.slice(0, separator)}=${redactedPlaceholder}` : pair;
    })
    .join('&');
}

/** Deeper than this, a log line shows `[…]`: a hostile answer nested thousands deep must not overflow the stack. */
const loggedDepthLimit = 32;

function redactFields(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= loggedDepthLimit) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redactFields(item, depth + 1));
  const redacted: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    const secret = isSecretLookingName(name) && field !== null && field !== '';
    redacted[name] = secret ? redactedPlaceholder : redactFields(field, depth + 1);
  }
  return redacted;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
