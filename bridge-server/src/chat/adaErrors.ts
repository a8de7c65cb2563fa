import { AdaError } from '../ada/adaClient';
import { BridgeError } from '../errors';

/** Turns a failed Ada call into the error the widget sees; never includes Ada's raw answer. */
export function toBridgeError(err: unknown): BridgeError {
  if (err instanceof BridgeError) return err;
  if (err instanceof AdaError) {
    return err.retryable
      ? new BridgeError('ada_unavailable', 'The assistant is unreachable right now; please try again in a moment.', { cause: err })
      : new BridgeError('ada_rejected', 'The assistant refused this request.', { cause: err });
  }
  return new BridgeError('internal_error', 'Something went wrong.', { cause: err });
}
