/** The connection's tree, as the file connector lays it out: documents arrive in inbox/ and leave by outbox/. */
export const ediFolders = {
  inbox: 'inbox',
  outbox: 'outbox',
  processed: 'processed',
  rejected: 'rejected',
} as const;

/** Hidden files and upload temporaries are still being written and are left alone. */
const inProgressPattern = /^\.|\.(tmp|part|partial|filepart|crdownload)$/i;

export function isInProgress(name: string): boolean {
  return inProgressPattern.test(name);
}
