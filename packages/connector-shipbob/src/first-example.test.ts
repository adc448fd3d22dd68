import { describeFirstExample } from '@stockwire/testing';

// The README's first code block, tested as the shared suite does for every connector.
describeFirstExample(
  new URL('..', import.meta.url),
  'reads the level and the receiving order with the token, prints both',
);
