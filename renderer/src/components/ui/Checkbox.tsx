import { useId, type InputHTMLAttributes, type ReactNode } from "react";

/** A labelled checkbox (the label is clickable). */
export function Checkbox({ label, checked, onChange, ...rest }: { label: ReactNode; checked: boolean; onChange: (checked: boolean) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "checked" | "type">) {
  const id = useId();
  return (
    <span className="ui-checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} {...rest} />
      <label htmlFor={id}>{label}</label>
    </span>
  );
}
