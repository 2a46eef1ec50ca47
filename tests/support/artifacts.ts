import { fileURLToPath } from 'node:url';

/** tests/artifacts (git-ignored): screenshots, failing fuzz inputs, anything a run leaves to look at. */
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
