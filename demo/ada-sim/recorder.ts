import type { Delivery, RecordedRequest, Violation } from './types';

/** Everything the simulator records for tests: API calls, contract violations, webhook deliveries. */
export interface Recorder {
  request(entry: RecordedRequest): void;
  /** Records a violation (ignored when strict mode is off). */
  violation(entry: Violation): void;
  delivery(entry: Delivery): void;
  requests(): RecordedRequest[];
  violations(): Violation[];
  deliveries(): Delivery[];
}

/**
 * Creates a recorder. Lists are returned as copies so callers cannot change what was recorded.
 * @example const recorder = createRecorder({ strict: true, log: console.log });
 */
export function createRecorder(options: { strict: boolean; log: (line: string) => void }): Recorder {
  const requests: RecordedRequest[] = [];
  const violations: Violation[] = [];
  const deliveries: Delivery[] = [];
  return {
    request: (entry) => void requests.push(entry),
    violation(entry) {
      if (!options.strict) return;
      violations.push(entry);
      options.log(`contract violation: ${entry.method} ${entry.path}: ${entry.problem}`);
    },
    delivery: (entry) => void deliveries.push(entry),
    requests: () => [...requests],
    violations: () => [...violations],
    deliveries: () => [...deliveries],
  };
}
