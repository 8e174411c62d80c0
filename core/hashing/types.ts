// Logical types of the hashing spec and the column descriptions the SQL compiler works from.
// A logical type is what the mapping says a column means; the physical type is what one engine stores.

export const LOGICAL_TYPES = [
  'integer', 'decimal', 'float', 'string', 'boolean', 'date', 'time', 'timestamp', 'timestamptz', 'binary', 'uuid', 'json',
  'array', 'enum', 'interval',
] as const;
export type LogicalType = (typeof LOGICAL_TYPES)[number];

/** Per-column text rules; only where the mapping says so (default: exact). */
export interface TextRules {
  readonly trim?: boolean;
  readonly case?: 'lower' | 'upper';
}

/** The element type of an array column (one dimension; elements are never arrays). */
export interface ArrayElement {
  readonly logical: Exclude<LogicalType, 'array'>;
  /** The engine's element type name, lower-case. */
  readonly physical: string;
  readonly scale?: number;
}

/** One compared column as one side of the comparison stores it. */
export interface HashColumn {
  readonly name: string;
  readonly logical: LogicalType;
  /** The engine's own type name, lower-case (e.g. "timestamp with time zone", "datetime", "tinyint(1)"). */
  readonly physical: string;
  /** The scale the engine stores a decimal at, when known: equal to `scale`, no rounding is needed. */
  readonly physicalScale?: number | null;
  /** Fractional digits a decimal is compared at (the mapped scale); none: by exact value. */
  readonly scale?: number;
  readonly text?: TextRules;
  readonly element?: ArrayElement;
  /** Escape the canonical form as text even if the type is not text-like (compared with a text column). */
  readonly escape?: boolean;
}

