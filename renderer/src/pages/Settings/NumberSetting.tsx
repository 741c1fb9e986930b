import { useEffect, useState } from "react";
import type { ApiError } from "../../api/transport";
import { TextField } from "../../components/ui";

/**
 * One numeric setting: edited as text, saved on blur or Enter. The core validates; a refused value stays in
 * the field with the core's reason under it (naming the setting), until it is fixed or Escape restores it.
 */
export function NumberSetting({ label, hint, value, testId, onSave }: {
  label: string;
  hint: string;
  value: number | string;
  testId: string;
  onSave: (text: string) => Promise<void>;
}) {
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(String(value)), [value]);
  const save = () => {
    if (text === String(value)) return setError(null);
    onSave(text).then(() => setError(null), (failure: ApiError) => setError(failure.message));
  };
  return (
    <TextField
      label={label}
      hint={hint}
      error={error}
      id={testId}
      data-testid={testId}
      value={text}
      size={10}
      className="setting-field"
      onChange={(event) => setText(event.target.value)}
      onBlur={save}
      onKeyDown={(event) => {
        if (event.key === "Enter") save();
        if (event.key === "Escape") (setText(String(value)), setError(null));
      }}
    />
  );
}
