import { useEffect, useRef, useState } from "react";
import type { FileEntry } from "../../../../native/api/index";
import { api } from "../../api/client";
import { pickPathNatively } from "../../api/pickPath";
import { Autocomplete, Button } from "../ui";

/**
 * A path on the machine running the core. In the web host: a field that completes from that machine's file
 * system as you type (api.completePath). In Electron: also a Browse… button for the native file or folder
 * dialog; both fill the same field, and the caller sees one string either way.
 */
export function PathField({ label, hint, kind, extensions, value, onChange, placeholder, className, error, ...rest }: {
  label: string;
  hint?: string;
  /** "folder" suggests folders only; "file" suggests folders (to walk into) and files. */
  kind: "file" | "folder";
  /** File endings suggested, without the dot. Default: any. */
  extensions?: string[];
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  className?: string;
  error?: string | null;
  "data-testid"?: string;
}) {
  const [suggestions, setSuggestions] = useState<FileEntry[]>([]);
  const [isOpen, setIsOpen] = useState(false);
  const request = useRef(0);
  const extensionKey = extensions?.join(",") ?? "";

  useEffect(() => {
    if (!isOpen || value.trim() === "") return setSuggestions([]);
    const ticket = ++request.current;
    const timer = setTimeout(() => {
      api.completePath({ partial: value, kind, extensions, limit: 30 }).then(
        (listing) => ticket === request.current && setSuggestions(listing.entries),
        () => ticket === request.current && setSuggestions([]),
      );
    }, 120);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, isOpen, kind, extensionKey]);

  const pick = (picked: string) => {
    const entry = suggestions.find((candidate) => candidate.path === picked);
    if (!entry) return;
    // A folder keeps the list open one level down; a file closes it.
    onChange(entry.kind === "folder" ? `${entry.path}/` : entry.path);
    setIsOpen(entry.kind === "folder");
  };
  const browse = async () => {
    const picked = await pickPathNatively({ kind, extensions, title: label });
    if (picked?.paths[0]) onChange(picked.paths[0]);
  };
  return (
    <Autocomplete
      label={label}
      hint={hint}
      error={error}
      value={value}
      onChange={onChange}
      placeholder={placeholder}
      className={className}
      isOpen={isOpen}
      onOpenChange={setIsOpen}
      onPick={pick}
      options={suggestions.map((entry) => ({ key: entry.path, label: <><span aria-hidden="true" className="ui-autocomplete-kind">{entry.kind === "folder" ? "▸" : "·"}</span> {entry.name}{entry.kind === "folder" ? "/" : ""}</> }))}
      trailing={pickPathNatively.isAvailable() && <Button onClick={() => void browse()}>Browse…</Button>}
      {...rest}
    />
  );
}
