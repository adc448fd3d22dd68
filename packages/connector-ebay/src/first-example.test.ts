import { describeFirstExample } from '@stockwire/testing';

// The README's first code block, tested as the shared suite does for every connector.
describeFirstExample(
  new URL('..', import.meta.url),
  'reads the level, pushes 10 with a minted access token, prints both and the revisions left',
);
