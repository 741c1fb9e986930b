import { useId, useState, type KeyboardEvent, type ReactNode } from "react";

export interface AutocompleteOption {
  key: string;
  label: ReactNode;
}

/**
 * A labelled text field with a suggestion list (ARIA combobox): arrow keys move, Enter or Tab take the active
 * suggestion (Tab takes a lone one), Escape closes. The caller supplies the suggestions for the current text.
 */
export function Autocomplete({ label, hint, error, value, onChange, options, onPick, isOpen, onOpenChange, placeholder, className, trailing, ...rest }: {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  value: string;
  onChange: (value: string) => void;
  options: AutocompleteOption[];
  onPick: (key: string) => void;
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  placeholder?: string;
  className?: string;
  /** Shown right of the field (a Browse… button). */
  trailing?: ReactNode;
  "data-testid"?: string;
}) {
  const id = useId();
  const [active, setActive] = useState(-1);
  const listId = `${id}-list`;
  const shown = isOpen && options.length > 0;
  const pick = (index: number) => (onPick(options[index].key), setActive(-1));
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!shown) return;
    if (event.key === "ArrowDown") (event.preventDefault(), setActive((index) => (index + 1) % options.length));
    else if (event.key === "ArrowUp") (event.preventDefault(), setActive((index) => (index <= 0 ? options.length - 1 : index - 1)));
    else if ((event.key === "Enter" || event.key === "Tab") && active >= 0 && active < options.length) (event.preventDefault(), pick(active));
    else if (event.key === "Tab" && options.length === 1) (event.preventDefault(), pick(0));
    else if (event.key === "Escape") (event.preventDefault(), onOpenChange(false));
  };
  return (
    <div className={["ui-field", "ui-autocomplete", error ? "ui-field-invalid" : "", className].filter(Boolean).join(" ")}>
      <label className="ui-label" htmlFor={id}>{label}</label>
      <div className="ui-autocomplete-row">
        <input
          id={id}
          className="ui-input ui-code-font"
          role="combobox"
          aria-expanded={shown}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
          autoComplete="off"
          spellCheck={false}
          value={value}
          placeholder={placeholder}
          onChange={(event) => (onChange(event.target.value), onOpenChange(true), setActive(-1))}
          onFocus={() => onOpenChange(true)}
          onBlur={() => setTimeout(() => onOpenChange(false), 150)}
          onKeyDown={onKeyDown}
          {...rest}
        />
        {trailing}
      </div>
      {shown && (
        <ul className="ui-autocomplete-list" id={listId} role="listbox" aria-label={`${label} suggestions`}>
          {options.map((option, index) => (
            <li key={option.key} id={`${listId}-${index}`} role="option" aria-selected={index === active} className={index === active ? "is-active" : undefined} onMouseDown={(event) => (event.preventDefault(), pick(index))}>
              {option.label}
            </li>
          ))}
        </ul>
      )}
      {hint && !error && <span className="ui-hint" id={`${id}-hint`}>{hint}</span>}
      {error && <span className="ui-field-error" id={`${id}-error`} role="alert">{error}</span>}
    </div>
  );
}
