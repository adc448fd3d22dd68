import type { SandboxResponse } from '@stockwire/connector-kit/sandbox';

/** NetSuite's REST error body, as Oracle's Error Handling page shows it. */
export function netSuiteError(
  status: number,
  code: string,
  detail: string,
  extra: Record<string, string> = {},
): SandboxResponse {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    404: 'Not Found',
    429: 'Bad Request',
  };
  return {
    status,
    body: {
      type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html',
      title: titles[status] ?? 'Error',
      status,
      ...(status === 429 ? { 'o:errorCode': 'USER_ERROR' } : {}),
      'o:errorDetails': [{ detail, 'o:errorCode': code, ...extra }],
    },
  };
}

export const invalidLogin = () =>
  netSuiteError(
    401,
    'INVALID_LOGIN',
    'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.',
  );

export const concurrencyExceeded = (headers: Record<string, string> = {}): SandboxResponse => ({
  ...netSuiteError(429, 'CONCURRENCY_LIMIT_EXCEEDED', 'Concurrent request limit exceeded. Request blocked.'),
  headers,
});
