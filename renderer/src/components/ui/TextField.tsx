import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from "react";

interface FieldChrome {
  /** The visible label; also the accessible name. */
  label: ReactNode;
  /** A short line under the field saying what it takes. */
  hint?: ReactNode;
  /** Shown under the field in the error colour and announced; marks the field invalid. */
  error?: string | null;
  /** Label beside the field instead of above it. Default false. */
  isInline?: boolean;
  className?: string;
}

function FieldFrame({ id, label, hint, error, isInline, className, children }: FieldChrome & { id: string; children: ReactNode }) {
  return (
    <div className={["ui-field", isInline ? "ui-field-inline" : "", error ? "ui-field-invalid" : "", className].filter(Boolean).join(" ")}>
      <label className="ui-label" htmlFor={id}>{label}</label>
      {children}
      {hint && !error && <span className="ui-hint" id={`${id}-hint`}>{hint}</span>}
      {error && <span className="ui-field-error" id={`${id}-error`} role="alert">{error}</span>}
    </div>
  );
}

export type TextFieldProps = FieldChrome & Omit<InputHTMLAttributes<HTMLInputElement>, "className">;

/** A labelled one-line input with its hint and its inline validation message. */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField({ label, hint, error, isInline, className, id, ...rest }, ref) {
  const ownId = useId();
  const fieldId = id ?? ownId;
  return (
    <FieldFrame id={fieldId} label={label} hint={hint} error={error} isInline={isInline} className={className}>
      <input ref={ref} id={fieldId} className="ui-input" aria-invalid={error ? true : undefined} aria-describedby={error ? `${fieldId}-error` : hint ? `${fieldId}-hint` : undefined} {...rest} />
    </FieldFrame>
  );
});

export type TextAreaProps = FieldChrome & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "className"> & { isCode?: boolean };

/** A labelled multi-line input; `isCode` sets a monospace font for programs and paths. */
export const TextArea = forwardRef<HTMLTextAreaElement, TextAreaProps>(function TextArea({ label, hint, error, isInline, className, id, isCode, ...rest }, ref) {
  const ownId = useId();
  const fieldId = id ?? ownId;
  return (
    <FieldFrame id={fieldId} label={label} hint={hint} error={error} isInline={isInline} className={className}>
      <textarea ref={ref} id={fieldId} className={`ui-input ui-textarea${isCode ? " ui-code-font" : ""}`} aria-invalid={error ? true : undefined} aria-describedby={error ? `${fieldId}-error` : hint ? `${fieldId}-hint` : undefined} {...rest} />
    </FieldFrame>
  );
});
