import { HttpException } from '@nestjs/common';
import { BusyError, ConflictError, ForbiddenError, InputError, NotFoundError, Problem, TooLargeError } from '../common/errors';

/**
 * A refusal a worker met doing a request's work (a region the user may not see, an unknown rule
 * set, a full print queue), carried back to the API process that answers the request, so the user
 * gets the same 400/403/404/409/503 and Chinese message as from one process. Anything else is a
 * failure of the worker, answered 500 without its details.
 */
export interface WireError {
  name: string;
  message: string;
  details?: Problem[];
  retryAfterSeconds?: number;
  /** An HTTP status of a framework exception (e.g. Nest's ForbiddenException). */
  status?: number;
}

const WITH_DETAILS = { TooLargeError, InputError, ForbiddenError, ConflictError } as const;

/** The refusal as data, or null when `err` is no refusal but a failure. */
export function toWireError(err: unknown): WireError | null {
  if (err instanceof BusyError) return { name: 'BusyError', message: err.message, retryAfterSeconds: err.retryAfterSeconds };
  if (err instanceof NotFoundError) return { name: 'NotFoundError', message: err.message };
  for (const [name, type] of Object.entries(WITH_DETAILS)) {
    if (err instanceof type) return { name, message: err.message, details: err.details };
  }
  if (err instanceof HttpException && err.getStatus() < 500) return { name: 'HttpException', message: err.message, status: err.getStatus() };
  return null;
}

/** The refusal as the error the API's error filter answers with. */
export function fromWireError(wire: WireError): Error {
  switch (wire.name) {
    case 'BusyError':
      return new BusyError(wire.message, wire.retryAfterSeconds ?? 10);
    case 'NotFoundError':
      return new NotFoundError(wire.message);
    case 'HttpException':
      return new HttpException(wire.message, wire.status ?? 400);
    default: {
      const type = WITH_DETAILS[wire.name as keyof typeof WITH_DETAILS];
      return type ? new type(wire.message, wire.details ?? []) : new Error(wire.message);
    }
  }
}
