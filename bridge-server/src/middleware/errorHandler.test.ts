import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../errors';
import { errorAnswer } from './errorHandler';

/** A pino logger writing JSON lines into an array. */
function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

describe('errorAnswer', () => {
  it('answers an unknown error 500 internal_error with the request id, logging it but never leaking its message', () => {
    const { log, lines } = memoryLogger();
    const { status, body } = errorAnswer(new Error('db path /secret/data.sqlite is locked'), 'req-7', log);
    expect(status).toBe(500);
    expect(body).toEqual({ error: { code: 'internal_error', message: 'Something went wrong on our side.', requestId: 'req-7' } });
    expect(JSON.stringify(body)).not.toContain('/secret');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, msg: 'unhandled error' });
    expect(JSON.stringify(lines[0])).toContain('is locked'); // the operator sees it in the log
  });

  it('answers a BridgeError with its own status, code and message', () => {
    const { log, lines } = memoryLogger();
    const { status, body } = errorAnswer(new BridgeError('message_too_long', 'Messages can be at most 5,000 characters.'), 'req-8', log);
    expect(status).toBe(400);
    expect(body.error).toEqual({ code: 'message_too_long', message: 'Messages can be at most 5,000 characters.', requestId: 'req-8' });
    expect(lines).toHaveLength(0); // a client error is not an incident
  });
});
