import { useEffect, useState } from "react";

/** One numeric setting: edited as text, saved on blur or Enter; the core validates and names what is wrong. */
export function NumberSetting({ label, hint, value, testId, onSave }: {
  label: string;
  hint: string;
  value: number | string;
  testId: string;
  onSave: (text: string) => Promise<void>;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const save = () => {
    if (text !== String(value)) void onSave(text).catch(() => setText(String(value)));
  };
  return (
    <>
      <dt>
        <label htmlFor={testId}>{label}</label>
      </dt>
      <dd>
        <input id={testId} data-testid={testId} value={text} size={10} onChange={(event) => setText(event.target.value)} onBlur={save} onKeyDown={(event) => event.key === "Enter" && save()} />{" "}
        <span className="hint">{hint}</span>
      </dd>
    </>
  );
}
