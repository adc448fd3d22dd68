import { describeFirstExample } from '@stockwire/testing';

// The README's first code block, tested as the shared suite does for every connector.
describeFirstExample(
  new URL('..', import.meta.url),
  'reads FBA stock, patches the offer to 12 with the access token, prints both',
);
