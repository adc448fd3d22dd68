import { ConnectorError, type ConnectorErrorContext, hasErrorMarker, markError } from '@stockwire/connector-spec';

const overdueMarker = Symbol.for('stockwire.connector-error.x12-acknowledgement-overdue');
const rejectedMarker = Symbol.for('stockwire.connector-error.x12-advice-rejected');
const cursorMarker = Symbol.for('stockwire.connector-error.x12-invalid-cursor');

export interface AcknowledgementOverdueErrorOptions extends ConnectorErrorContext {
  readonly partner: string;
  readonly file: string;
  readonly group: number;
  readonly sentAt: string;
}

/**
 * An 846 we sent has had no 997 within the partner's `acknowledgementDueMinutes`: the partner may not have it.
 * Not retryable by the runner (nothing to retry here); it is an alert for a human to ask the partner.
 */
export class AcknowledgementOverdueError extends ConnectorError {
  constructor(options: AcknowledgementOverdueErrorOptions) {
    super({
      ...options,
      code: 'x12_acknowledgement_overdue',
      retryable: false,
      message:
        `partner ${options.partner} has not acknowledged ${options.file} (GS06 ${options.group}, sent ` +
        `${options.sentAt}) with a 997; check the partner received it, or resend a full advice`,
    });
    this.name = 'AcknowledgementOverdueError';
    markError(this, overdueMarker);
  }

  static override isInstance(value: unknown): value is AcknowledgementOverdueError {
    return hasErrorMarker(value, overdueMarker);
  }
}

export interface AdviceRejectedErrorOptions extends ConnectorErrorContext {
  readonly partner: string;
  readonly file: string;
  /** What the partner's 997 said: AK5/AK9 codes and the AK3/AK4 segment and element. */
  readonly detail: string;
}

/** The partner's 997 rejected (or accepted with errors) an 846 we sent. The next full advice repeats every value. */
export class AdviceRejectedError extends ConnectorError {
  constructor(options: AdviceRejectedErrorOptions) {
    super({
      ...options,
      code: 'x12_advice_rejected',
      retryable: false,
      message: `partner ${options.partner} rejected ${options.file}: ${options.detail}`,
    });
    this.name = 'AdviceRejectedError';
    markError(this, rejectedMarker);
  }

  static override isInstance(value: unknown): value is AdviceRejectedError {
    return hasErrorMarker(value, rejectedMarker);
  }
}

export interface InvalidX12CursorErrorOptions extends ConnectorErrorContext {
  readonly problem: string;
}

/** A stored poll cursor that is not ours. Not retryable: clear the stored cursor to read the inbox from the start. */
export class InvalidX12CursorError extends ConnectorError {
  constructor(options: InvalidX12CursorErrorOptions) {
    super({
      ...options,
      code: 'invalid_cursor',
      retryable: false,
      message: `the stored cursor of connection "${options.connection}" cannot be used: ${options.problem}`,
    });
    this.name = 'InvalidX12CursorError';
    markError(this, cursorMarker);
  }

  static override isInstance(value: unknown): value is InvalidX12CursorError {
    return hasErrorMarker(value, cursorMarker);
  }
}
