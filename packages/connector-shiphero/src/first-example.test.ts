import { describeFirstExample } from '@stockwire/testing';

// The README's first code block, tested as the shared suite does for every connector.
describeFirstExample(
  new URL('..', import.meta.url),
  'reads the level, replaces on hand with 12 by a refreshed token, prints both',
);
