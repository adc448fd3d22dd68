import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.ts';

describe('createLogger', () => {
  it('writes JSON lines with secret values and credential fields redacted wherever they appear', () => {
    const lines: string[] = [];
    const logger = createLogger({ secrets: ['shpat_live_0123456789', 'p@ss word'], write: (line) => lines.push(line) });
    logger.warn(
      {
        connection: 'shop',
        settings: { password: 'p@ss word', host: 'sftp.example' },
        req: { headers: { authorization: 'Bearer abc' } },
      },
      'the vendor said: invalid token shpat_live_0123456789 (url https://x.example/?token=shpat_live_0123456789)',
    );
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({
      level: 40,
      service: 'stockwire-runner',
      connection: 'shop',
      settings: { password: '[REDACTED]', host: 'sftp.example' },
      req: { headers: { authorization: '[REDACTED]' } },
      msg: 'the vendor said: invalid token [REDACTED] (url https://x.example/?token=[REDACTED])',
    });
    expect(lines[0]).not.toContain('p@ss');
  });
});
