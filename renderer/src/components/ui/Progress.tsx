/** A determinate progress bar when `value` and `max` are known, an indeterminate one otherwise. */
export function Progress({ value, max, label, ...rest }: { value: number; max: number | null; label: string; "data-testid"?: string }) {
  const share = max ? Math.max(0, Math.min(1, value / max)) : null;
  return (
    <div
      className={`ui-progress${share === null ? " ui-progress-indeterminate" : ""}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max ?? undefined}
      aria-valuenow={share === null ? undefined : value}
      {...rest}
    >
      <div className="ui-progress-bar" style={share === null ? undefined : { width: `${share * 100}%` }} />
    </div>
  );
}
