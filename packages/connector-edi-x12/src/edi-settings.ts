import { FolderTransportSchema, SftpTransportSchema } from '@stockwire/connector-file';
import { z } from 'zod';

const code = (length: number) => z.string().regex(new RegExp(`^[A-Z0-9]{${length}}$`), `${length} letters or digits`);
const identifierQualifier = z.string().regex(/^[A-Z0-9]{2}$/, 'a 2-character LIN qualifier such as SK, VP, UP');

/** Our side of every interchange: ISA05/06 and GS02, and how our documents are delimited. */
export const OwnIdentitySchema = z.strictObject({
  /** ISA05, e.g. `ZZ` (mutually defined), `01` (DUNS), `12` (phone). */
  qualifier: code(2),
  /** ISA06, at most 15 characters (padded with spaces in the ISA). */
  id: z.string().min(2).max(15),
  /** GS02; defaults to `id`. */
  applicationId: z.string().min(2).max(15).optional(),
  separators: z
    .strictObject({
      element: z.string().length(1).default('*'),
      component: z.string().length(1).default('>'),
      segment: z.string().length(1).default('~'),
    })
    .default({ element: '*', component: '>', segment: '~' }),
});

/** One trading partner: who it is in the envelopes, what it gets in our 846, how its documents name things. */
export const PartnerProfileSchema = z.strictObject({
  /** Short name for file names and messages (`acme-3pl`). */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  /** ISA07 (ours to them) and the ISA05 we expect on their documents. */
  qualifier: code(2),
  /** ISA08 on ours, ISA06 on theirs; how an inbound file is matched to this profile. */
  id: z.string().min(2).max(15),
  /** GS03 on ours; defaults to `id`. */
  applicationId: z.string().min(2).max(15).optional(),
  /** ISA15: `P` production, `T` test. */
  usage: z.enum(['P', 'T']).default('P'),
  /** The channel whose quantities go to this partner as 846s; absent for a partner that only sends documents. */
  channel: z.string().min(1).optional(),
  outbound: z
    .strictObject({
      /** BIA02 report type: SI seller inventory, DD distributor inventory, MB, MM. */
      reportType: code(2).default('SI'),
      /** LIN02: the qualifier the connection's SKU (its alias) goes under, e.g. SK, VP, BP. */
      identifierQualifier: identifierQualifier.default('SK'),
      /** QTY01 for the channel quantity: 33 quantity available for sale; some partners ask for 17 on hand. */
      quantityQualifier: code(2).default('33'),
      /** QTY03-01 unit of measure. */
      unitOfMeasure: code(2).default('EA'),
      /** N1 loop inside each LIN loop naming the location (N101 entity, N103 id qualifier, N104 our location id). */
      locations: z
        .strictObject({ entityCode: code(2).default('WH'), idQualifier: code(2).default('92') })
        .nullable()
        .default({ entityCode: 'WH', idQualifier: '92' }),
      /** A full advice (every value) when the last full one is older than this; deltas (changes only) between. */
      fullEveryHours: z.number().positive().default(24),
      /** An outbound 846 with no 997 after this long is reported overdue on every poll. */
      acknowledgementDueMinutes: z
        .number()
        .int()
        .positive()
        .default(24 * 60),
    })
    .default({
      reportType: 'SI',
      identifierQualifier: 'SK',
      quantityQualifier: '33',
      unitOfMeasure: 'EA',
      locations: { entityCode: 'WH', idQualifier: '92' },
      fullEveryHours: 24,
      acknowledgementDueMinutes: 24 * 60,
    }),
  inbound: z
    .strictObject({
      /** LIN (846), W07 (944), W19 (947) qualifiers whose value is the connection's SKU, in order of preference. */
      identifierQualifiers: z.array(identifierQualifier).min(1).default(['SK', 'VP', 'BP', 'UP', 'EN', 'MG']),
      /** QTY01 of their 846 → the quantity state it reports (others are ignored). */
      quantities: z
        .record(code(2), z.enum(['onHand', 'available', 'committed', 'damaged', 'qualityControl', 'inTransit']))
        .default({ '17': 'onHand', '33': 'available', '20': 'damaged', QH: 'qualityControl' }),
      /** N101 entity codes whose N104 names the location, in a header or LIN-level N1 loop. */
      locationEntities: z.array(code(2)).default(['WH', 'ST', 'SN']),
      /** The connection's location id for documents that name none (a 3PL with one warehouse). */
      defaultLocation: z.string().min(1).optional(),
    })
    .default({
      identifierQualifiers: ['SK', 'VP', 'BP', 'UP', 'EN', 'MG'],
      quantities: { '17': 'onHand', '33': 'available', '20': 'damaged', QH: 'qualityControl' },
      locationEntities: ['WH', 'ST', 'SN'],
    }),
});

export const EdiX12ConnectorSettingsSchema = z
  .strictObject({
    transport: z.discriminatedUnion('kind', [FolderTransportSchema, SftpTransportSchema]),
    identity: OwnIdentitySchema,
    partners: z.array(PartnerProfileSchema).min(1),
    /** Inbound detail lines one poll returns at most (files are read whole; a page stops between lines). */
    pageSize: z.number().int().min(1).max(10_000).default(500),
    pollIntervalSeconds: z.number().int().min(1).default(300),
    /** The most LIN loops one 846 carries. */
    maxAdviceLines: z.number().int().min(1).max(10_000).default(10_000),
  })
  .refine((settings) => new Set(settings.partners.map((partner) => partner.id)).size === settings.partners.length, {
    message: 'two partner profiles have the same id; each interchange id names one partner',
    path: ['partners'],
  })
  .refine(
    (settings) => {
      const channels = settings.partners.flatMap((partner) => (partner.channel ? [partner.channel] : []));
      return new Set(channels).size === channels.length;
    },
    { message: 'two partner profiles publish the same channel', path: ['partners'] },
  );

export type PartnerProfile = z.infer<typeof PartnerProfileSchema>;
export type OwnIdentity = z.infer<typeof OwnIdentitySchema>;
export type EdiX12ConnectorSettings = z.infer<typeof EdiX12ConnectorSettingsSchema>;
export type EdiX12ConnectorSettingsInput = z.input<typeof EdiX12ConnectorSettingsSchema>;
