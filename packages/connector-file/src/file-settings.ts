import { SecretReferenceSchema } from '@stockwire/model';
import { z } from 'zod';

export const FolderTransportSchema = z.strictObject({
  kind: z.literal('folder'),
  /** The folder that holds inbox/, outbox/, processed/ and rejected/. */
  path: z.string().min(1),
});

export const SftpTransportSchema = z
  .strictObject({
    kind: z.literal('sftp'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(22),
    username: z.string().min(1),
    /** The environment variable holding the private key (OpenSSH or PEM), read when a connection is opened. */
    privateKey: SecretReferenceSchema.optional(),
    /** The environment variable holding the private key's passphrase, when it has one. */
    passphrase: SecretReferenceSchema.optional(),
    /** The environment variable holding the password, for servers that do not take keys. */
    password: SecretReferenceSchema.optional(),
    /** The folder on the server that holds inbox/, outbox/, processed/ and rejected/; relative to the login folder. */
    path: z.string().min(1).default('.'),
    /** The server's host key fingerprint as `ssh-keygen -lf` prints it (`SHA256:…`); any other key is refused. */
    hostFingerprint: z
      .string()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'a fingerprint as ssh-keygen -lf prints it, e.g. SHA256:abc…')
      .optional(),
    /** How long to wait for the SSH handshake before giving up (a transient error). */
    connectTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  })
  .refine((transport) => (transport.privateKey === undefined) !== (transport.password === undefined), {
    message: 'give exactly one of privateKey or password, each as { env: NAME }',
    path: ['privateKey'],
  })
  .refine((transport) => transport.passphrase === undefined || transport.privateKey !== undefined, {
    message: 'passphrase only applies to a privateKey',
    path: ['passphrase'],
  });

/** Characters that can never separate or quote CSV fields: they end records. */
const lineBreaks = ['\n', '\r'];

/** How CSV files in inbox/ are written: the field separator and the quote character (or `false`: no quoting). */
export const CsvDialectSchema = z
  .strictObject({
    /** The field separator: `,` by default; `;` is common where the comma is the decimal mark, `\t` for TSV. */
    delimiter: z
      .string()
      .length(1)
      .refine(
        (delimiter) => !lineBreaks.includes(delimiter) && delimiter !== ' ',
        'a line break or space cannot separate fields',
      )
      .default(','),
    /** The quote character, or `false` for files that never quote (a quote is then ordinary text). */
    quote: z
      .union([z.string().length(1), z.literal(false)])
      .refine((quote) => quote === false || !lineBreaks.includes(quote), 'a line break cannot quote fields')
      .default('"'),
  })
  .refine((dialect) => dialect.quote !== dialect.delimiter, {
    message: 'the quote character must differ from the delimiter',
    path: ['quote'],
  });

export const FileConnectorSettingsSchema = z.strictObject({
  transport: z.discriminatedUnion('kind', [FolderTransportSchema, SftpTransportSchema]),
  /** The CSV dialect of inbox files; exports are always written with it too, so the receiver reads what it sends. */
  csv: CsvDialectSchema.prefault({}),
  /** Rows per snapshot page, and the most change events one poll returns. */
  pageSize: z.number().int().min(1).max(10_000).default(500),
  /** How often the runner should look for new adjustment files. */
  pollIntervalSeconds: z.number().int().min(1).default(60),
  /** The most channel quantities one availability export carries. */
  maxExportRows: z.number().int().min(1).max(100_000).default(5_000),
});

export type FolderTransportSettings = z.infer<typeof FolderTransportSchema>;
export type SftpTransportSettings = z.infer<typeof SftpTransportSchema>;
export type CsvDialect = z.infer<typeof CsvDialectSchema>;
export type FileConnectorSettings = z.infer<typeof FileConnectorSettingsSchema>;
export type FileConnectorSettingsInput = z.input<typeof FileConnectorSettingsSchema>;
