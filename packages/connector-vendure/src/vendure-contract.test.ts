import { readFileSync } from 'node:fs';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { updateStockMutation, variantPageQuery, variantsBySkuQuery } from './vendure-variants.ts';

const specs = locateVendorSpecs();

/**
 * Every Admin API document the connector sends, validated against Vendure 3.7.3's built Admin API schema (the
 * schema a server with the default config serves), so a field Vendure renamed or removed fails here first.
 */
describe.skipIf(specs.folder === undefined)(
  `the connector's Admin API documents against Vendure 3.7.3's schema${specs.skipReason ? ` (skipped: ${specs.skipReason})` : ''}`,
  () => {
    const documents = { variantPageQuery, variantsBySkuQuery, updateStockMutation };
    for (const [name, document] of Object.entries(documents)) {
      it(`${name} is valid`, () => {
        const sdl = readFileSync(
          vendorSpecPath(specs.folder ?? '', 'vendure', 'admin-api.schema.3.7.3.graphql'),
          'utf8',
        );
        const errors = validate(buildSchema(sdl), parse(document)).map((error) => error.message);
        expect(errors).toEqual([]);
      });
    }
  },
);
