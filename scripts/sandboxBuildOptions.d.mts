import type { BuildOptions } from "esbuild";

export declare const nodeBundleOptions: BuildOptions;
export declare function sandboxBuildOptions(root?: string): BuildOptions;
