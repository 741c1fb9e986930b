import { useId, type InputHTMLAttributes, type ReactNode } from "react";
import "./slider.css";

/**
 * A labelled range slider (native range input: arrow keys, Home/End and Page keys work, and screen readers
 * announce `valueText`). The Debugger's step slider.
 */
export function Slider({ label, value, min, max, onChange, valueText, isLabelHidden, ...rest }: {
  label: ReactNode;
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  /** What the value means, e.g. "step 4 of 17, line 6". */
  valueText?: string;
  isLabelHidden?: boolean;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "value" | "type" | "min" | "max">) {
  const id = useId();
  return (
    <span className="ui-slider">
      <label htmlFor={id} className={isLabelHidden ? "ui-visually-hidden" : "ui-label"}>{label}</label>
      <input id={id} type="range" min={min} max={max} value={value} aria-valuetext={valueText} onChange={(event) => onChange(Number(event.target.value))} {...rest} />
    </span>
  );
}
