// Types for the benches that build with what the app's bundles share (esbuild.node.mjs).
import type { BuildOptions, Plugin } from 'esbuild';

export const nodeBundle: BuildOptions;
export const lazyExcelJs: Plugin;
