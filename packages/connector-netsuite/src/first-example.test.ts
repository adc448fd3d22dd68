import { describeFirstExample } from '@stockwire/testing';

// The README's first code block, tested as the shared suite does for every connector.
describeFirstExample(
  new URL('..', import.meta.url),
  'reads the balance, adjusts on hand to 36 with an M2M token, prints both',
);
