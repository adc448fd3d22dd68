/** One problem a schema found, as zod (and most validators) describe it. */
export interface SchemaIssueV2 {
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
}

/** What a failed parse reports: a message and the issues with their paths. */
export interface SchemaIssuesV2 {
  readonly message: string;
  readonly issues: ReadonlyArray<SchemaIssueV2>;
}

/**
 * A structural schema: anything with zod's `safeParse` satisfies it, so the spec needs no validation library at
 * runtime and a connector may use zod (or another validator with the same shape).
 */
export interface SchemaV2<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: SchemaIssuesV2 };
}
