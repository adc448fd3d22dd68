import { describeFirstExample } from '@stockwire/testing';

// The README's first code block, tested as the shared suite does for every connector.
describeFirstExample(new URL('..', import.meta.url), "reads the 3PL's 846, writes macys an 846 of 12, prints both");
