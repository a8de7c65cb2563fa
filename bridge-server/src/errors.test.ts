import { describe, expect, it } from 'vitest';
import { BridgeError, isBridgeError } from './errors';

describe('BridgeError', () => {
  it('maps codes to default statuses and keeps the cause', () => {
    const cause = new Error('inner');
    const err = new BridgeError('ada_unavailable', 'down', { cause });
    expect([err.status, err.code, err.cause]).toEqual([503, 'ada_unavailable', cause]);
    expect(new BridgeError('origin_not_allowed', 'x').status).toBe(403);
    expect(new BridgeError('bad_request', 'x', { status: 422 }).status).toBe(422);
    expect(isBridgeError(err)).toBe(true);
    expect(isBridgeError(cause)).toBe(false);
  });
});
