/**
 * Where the window's own pages come from: the built renderer's `index.html` on disk, or, only in an
 * unpackaged development run, the electron-vite dev server. Everything the shell allows is decided
 * against this one value (docs/packaging.md, "The shell's policy").
 */
export type AppLocation =
  | { kind: "file"; /** Absolute path of the built renderer's index.html. */ entryPath: string }
  | { kind: "dev"; /** The dev server's page, an http URL on a loopback host. */ entryUrl: string };
