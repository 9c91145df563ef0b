/** One problem in a refused input: where (a JSON pointer, or sheet/row/column) and what, in Chinese. */
export interface Problem {
  pointer: string;
  message: string;
}

/** Bad input from a user: the request is refused and nothing is written (HTTP 400, CLI exit 2). */
export class InputError extends Error {
  constructor(
    message: string,
    readonly details: Problem[] = [],
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * More than one request may carry or ask for (HTTP 413): too many subjects, an archive that
 * inflates too far. The message names the limit and how to do the work in smaller parts.
 */
export class TooLargeError extends InputError {
  constructor(message: string, details: Problem[] = []) {
    super(message, details);
    this.name = 'TooLargeError';
  }
}

export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The write was based on a stale version, or targets something immutable (HTTP 409). */
export class ConflictError extends Error {
  constructor(
    message: string,
    readonly details: Problem[] = [],
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** The user's role may not do this (HTTP 403), with what they may do instead. */
export class ForbiddenError extends Error {
  constructor(
    message: string,
    readonly details: Problem[] = [],
  ) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** Escape one JSON-pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + pointerSegment(s)).join('');
}

/**
 * The service is saturated (the PDF print queue is full): the request is refused rather than
 * queued without bound (HTTP 503 with a Retry-After header of retryAfterSeconds).
 */
export class BusyError extends Error {
  /** Read by the error filter: 503, with Retry-After from retryAfterSeconds. */
  readonly status = 503;

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'BusyError';
  }
}
