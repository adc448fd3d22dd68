// Types for package-metadata.mjs (a plain Node script, so it runs without a build), for the tests that import it.
export interface PackageEntry {
  readonly folder: string;
  readonly manifest: Record<string, unknown>;
}
export declare const repositoryUrl: string;
export declare function publishablePackages(): PackageEntry[];
export declare function expectedMetadata(folder: string): Record<string, unknown>;
export declare function metadataProblems(entry: PackageEntry): string[];
