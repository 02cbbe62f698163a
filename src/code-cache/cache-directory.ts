import { isAbsolute, join } from "node:path";

/**
 * Where the code cache lives: outside the package, which may be read-only or shared. CHIMERAFORGE_CACHE_DIR
 * if set, else $XDG_CACHE_HOME/chimeraforge (an absolute path, as the XDG spec asks), else
 * ~/.cache/chimeraforge; undefined when there is no home to put it in, which means no cache. A relative
 * home (HOME=.) is none: it would put the cache in whatever directory the command runs in.
 */
export function cacheDirectory(env: Readonly<Record<string, string | undefined>>, home: () => string = homeDirectory): string | undefined {
  if (env.CHIMERAFORGE_CACHE_DIR) return env.CHIMERAFORGE_CACHE_DIR;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, "chimeraforge");
  let directory: string;
  try {
    directory = home();
  } catch {
    return undefined;
  }
  return directory && isAbsolute(directory) ? join(directory, ".cache", "chimeraforge") : undefined;
}

/** $HOME, as os.homedir() reads it, without loading node:os when it is set (the usual case). */
function homeDirectory(): string {
  return process.env.HOME || (require("node:os") as typeof import("node:os")).homedir();
}
