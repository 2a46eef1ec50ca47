// What every Node process of ours starts with on Linux (the `bansos` command, the web host, the
// central server; the npm scripts and the CLI's shebang set it, tests/integration/launchEnv.test.ts
// holds them to it). glibc gives each thread that allocates its own malloc arena and keeps what
// was freed in it: a city-wide import's job, parser and helper threads left ~60 MB of free memory
// held in arenas (peak 345-351 MB against 273-277 MB with one arena, the same time; issue 14).
// It must be in the environment before the process starts: glibc reads it at its first malloc.
// Windows and macOS allocators ignore it.
export const LAUNCH_ENV = { MALLOC_ARENA_MAX: '1' };
