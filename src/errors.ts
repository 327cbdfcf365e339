/**
 * Errors thrown for bad arguments. The message always starts with the name of the
 * argument at fault, e.g. `in2: expected 2 dimensions, got 3`.
 */
export class ArgumentError extends Error {
  readonly argument: string;
  constructor(argument: string, message: string) {
    super(`${argument}: ${message}`);
    this.name = 'ArgumentError';
    this.argument = argument;
  }
}
