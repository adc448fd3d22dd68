import { TimestampSchema } from '@stockwire/model';
import type { LineProblem } from './csv.ts';
import type { TableRow } from './read-table.ts';

/**
 * Typed reads of one row's values that collect problems instead of throwing, so a file reports every bad cell at
 * once. Each returns undefined when the value is unusable (the problem is recorded) or absent and optional.
 */
export class RowReader {
  readonly #row: TableRow;
  readonly #problems: LineProblem[];

  constructor(row: TableRow, problems: LineProblem[]) {
    this.#row = row;
    this.#problems = problems;
  }

  text(column: string, required: boolean): string | undefined {
    const value = this.#row.values[column];
    if (value === undefined) return this.#missing(column, required);
    if (typeof value !== 'string') return this.#problem(`${column} ${JSON.stringify(value)} is not text`);
    if (value.trim() === '') return this.#missing(column, required);
    return value;
  }

  wholeNumber(column: string, required: boolean, rule: 'not-negative' | 'not-zero'): number | undefined {
    const value = this.#row.values[column];
    if (value === undefined) return this.#missing(column, required);
    // CSV only has text; JSON Lines has numbers, so a quoted number there is a mistake worth reporting.
    const fromText = this.#row.format === 'csv' && typeof value === 'string' && /^[+-]?\d+$/.test(value);
    const number = fromText ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
      return this.#problem(`${column} ${JSON.stringify(value)} is not a whole number`);
    }
    if (rule === 'not-negative' && number < 0) return this.#problem(`${column} ${number} must not be negative`);
    if (rule === 'not-zero' && number === 0) return this.#problem(`${column} is 0; an adjustment changes something`);
    return number;
  }

  timestamp(column: string, required: boolean): string | undefined {
    const value = this.#row.values[column];
    if (value === undefined) return this.#missing(column, required);
    if (typeof value !== 'string' || !TimestampSchema.safeParse(value).success) {
      return this.#problem(
        `${column} ${JSON.stringify(value)} is not an ISO-8601 date-time with an offset (e.g. 2026-11-27T09:30:00Z)`,
      );
    }
    return value;
  }

  choice<Choice extends string>(column: string, choices: readonly Choice[]): Choice | undefined {
    const value = this.text(column, true);
    if (value === undefined) return undefined;
    if (!(choices as readonly string[]).includes(value)) {
      return this.#problem(`${column} "${value}" is not one of ${choices.join(', ')}`);
    }
    return value as Choice;
  }

  #missing(column: string, required: boolean): undefined {
    if (required) this.#problems.push({ line: this.#row.line, message: `${column} is missing` });
    return undefined;
  }

  #problem(message: string): undefined {
    this.#problems.push({ line: this.#row.line, message });
    return undefined;
  }
}
