import { describeFirstExample } from '@stockwire/testing';

// The README's first code block, tested as the shared suite does for every connector, against a real Vendure.
describeFirstExample(
  new URL('..', import.meta.url),
  'reads the level, sets it to sell 9 with the API key, prints both',
);
