import { requestProblem } from './request-errors';

describe('requestProblem', () => {
  it('turns a body over the limit into a 413 naming the body', () => {
    const error = Object.assign(new Error('request entity too large'), {
      type: 'entity.too.large',
      status: 413,
      limit: 2_097_152,
    });
    const answer = requestProblem(error);
    expect(answer?.status).toBe(413);
    expect(answer?.body.fields).toEqual([{ field: 'body', reason: expect.stringContaining('2097152 byte') }]);
  });

  it('names the body for JSON that is not an object or not JSON, and the path for a bad escape', () => {
    expect(requestProblem(null, `Unexpected token '3', "3" is not valid JSON`)?.body.fields[0].field).toBe(
      'body',
    );
    expect(requestProblem(null, "Failed to decode param '%E0%A4%A'")?.body.fields[0].field).toBe('path');
    expect(requestProblem(null, 'anything')?.status).toBe(400);
  });

  it('keeps other body-parser refusals with their status', () => {
    const error = Object.assign(new Error('unsupported charset "BOGUS"'), {
      type: 'charset.unsupported',
      status: 415,
    });
    expect(requestProblem(error)).toMatchObject({ status: 415, body: { fields: [{ field: 'body' }] } });
  });

  it('leaves everything else alone', () => {
    expect(requestProblem(new Error('boom'))).toBeNull();
    expect(
      requestProblem(Object.assign(new Error('x'), { type: 'entity.too.large', status: 500 })),
    ).toBeNull();
    expect(requestProblem(undefined)).toBeNull();
  });
});
