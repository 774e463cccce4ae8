/**
 * The one error type the rules package throws: bad or contradictory input, named by field, in zh-CN and en.
 * The server maps it to its `RULE_INPUT_INVALID` error code (HTTP 422); the CLI prints it as JSON.
 */
export type RuleErrorCode =
  | 'invalid_date'
  | 'invalid_value'
  | 'missing_fact'
  | 'out_of_range'
  | 'calendar_unknown'
  | 'unknown_code'
  | 'invalid_pack'
  | 'no_pack';

export class RuleInputError extends Error {
  readonly code: RuleErrorCode;
  /** Dotted path of the offending input field, e.g. `person.birthDate`. */
  readonly field: string;
  readonly messageZh: string;
  readonly messageEn: string;

  constructor(code: RuleErrorCode, field: string, messageZh: string, messageEn: string) {
    super(`${field}: ${messageEn}`);
    this.name = 'RuleInputError';
    this.code = code;
    this.field = field;
    this.messageZh = messageZh;
    this.messageEn = messageEn;
  }
}
