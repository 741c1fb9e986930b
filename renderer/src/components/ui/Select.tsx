import { useId, type ReactNode, type SelectHTMLAttributes } from "react";

export interface SelectOption<V extends string> {
  value: V;
  label: string;
}

export interface SelectProps<V extends string> extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "onChange" | "value" | "className"> {
  label: ReactNode;
  value: V;
  options: ReadonlyArray<SelectOption<V>>;
  onChange: (value: V) => void;
  /** Label beside the field instead of above it. Default false. */
  isInline?: boolean;
  /** Keep the label for screen readers only (a filter bar with a placeholder-like first option). Default false. */
  isLabelHidden?: boolean;
  hint?: ReactNode;
}

/**
 * A labelled choice. The native select is kept on purpose: it is the most accessible list box on every
 * platform (keyboard, screen readers, mobile) and needs no portal; only its frame is themed.
 */
export function Select<V extends string>({ label, value, options, onChange, isInline, isLabelHidden, hint, id, ...rest }: SelectProps<V>) {
  const ownId = useId();
  const fieldId = id ?? ownId;
  return (
    <div className={`ui-field${isInline ? " ui-field-inline" : ""}`}>
      <label className={isLabelHidden ? "ui-visually-hidden" : "ui-label"} htmlFor={fieldId}>{label}</label>
      <select id={fieldId} className="ui-input ui-select" value={value} onChange={(event) => onChange(event.target.value as V)} {...rest}>
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
      {hint && <span className="ui-hint">{hint}</span>}
    </div>
  );
}
