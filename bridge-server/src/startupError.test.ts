import { describe, expect, it } from 'vitest';
import { AdaError } from './ada/adaClient';
import { describeStartupError } from './startupError';

const settings = { adaBaseUrl: 'http://ada.test', host: '127.0.0.1', port: 8787, dataDir: './data' };

describe('describeStartupError', () => {
  it('names why Ada did not answer: a refused connection by its code, a timeout by its name (not DOMException code 23)', () => {
    const refused = new AdaError('list_channels', 0, 'Ada did not answer list_channels (TypeError)', { cause: Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }) });
    expect(describeStartupError(refused, settings)).toBe('ADA_BASE_URL: Ada at http://ada.test did not answer list_channels (ECONNREFUSED)');
    const timedOut = new AdaError('list_channels', 0, 'Ada did not answer list_channels (TimeoutError)', { cause: new DOMException('The operation timed out.', 'TimeoutError') });
    expect(describeStartupError(timedOut, settings)).toBe('ADA_BASE_URL: Ada at http://ada.test did not answer list_channels (TimeoutError)');
  });
});
