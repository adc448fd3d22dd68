import { describe, expect, it } from 'vitest';
import { MalformedPayloadError, RequestRejectedError } from './index.ts';

// A dead letter shows the error's message: it must not send an operator looking for a body that is not there.
describe('the vendor-body hint in error messages', () => {
  it('says a rejected request carries the vendor body only when the vendor sent one', () => {
    const withoutBody = new RequestRejectedError({ target: 'PUT /levels', vendorStatus: 422, vendorBody: '' });
    expect(withoutBody.vendorBody).toBeUndefined();
    expect(withoutBody.message).not.toContain('attached');
    expect(withoutBody.message).toContain('the vendor returned no body');

    const withBody = new RequestRejectedError({
      target: 'PUT /levels',
      vendorStatus: 422,
      vendorBody: { errors: { available: ['must be a number'] } },
    });
    expect(withBody.vendorBody).toBe('{"errors":{"available":["must be a number"]}}');
    expect(withBody.message).toContain('the vendor body is attached to this error as vendorBody');
  });

  it('says a malformed payload is attached only when it is', () => {
    const withoutBody = new MalformedPayloadError({ what: 'the feed', path: '$.delta', problem: 'not a number' });
    expect(withoutBody.vendorBody).toBeUndefined();
    expect(withoutBody.message).not.toContain('attached as vendorBody');
    expect(withoutBody.message).toContain('no copy of it is attached to this error');

    const withBody = new MalformedPayloadError({
      what: 'the feed',
      path: '$.delta',
      problem: 'not a number',
      vendorBody: '{"delta":"x"}',
    });
    expect(withBody.vendorBody).toBe('{"delta":"x"}');
    expect(withBody.message).toContain('attached as vendorBody');
  });

  it('treats an empty byte body as no body', () => {
    const error = new RequestRejectedError({ target: 'GET /x', vendorStatus: 400, vendorBody: new Uint8Array() });
    expect(error.vendorBody).toBeUndefined();
    expect(error.message).toContain('the vendor returned no body');
  });
});
