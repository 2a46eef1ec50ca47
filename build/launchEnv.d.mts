export declare const LAUNCH_ENV: { MALLOC_ARENA_MAX: string };
