import type { HTMLAttributes, ReactNode } from "react";

/**
 * A message in the flow of a page. "error" is announced at once (role alert); the others politely (status).
 */
export function Notice({ tone = "info", children, className, ...rest }: { tone?: "info" | "success" | "warning" | "error"; children: ReactNode } & HTMLAttributes<HTMLDivElement>) {
  return (
    <div role={tone === "error" || tone === "warning" ? "alert" : "status"} className={["ui-notice", `ui-notice-${tone}`, className].filter(Boolean).join(" ")} {...rest}>
      {children}
    </div>
  );
}

/** What an empty list means and what to do next, with the action that does it. */
export function EmptyState({ title, children, action, ...rest }: { title: string; children?: ReactNode; action?: ReactNode } & HTMLAttributes<HTMLDivElement>) {
  return (
    <div className="ui-empty" {...rest}>
      <p className="ui-empty-title">{title}</p>
      {children && <div className="ui-empty-body">{children}</div>}
      {action && <div className="ui-empty-action">{action}</div>}
    </div>
  );
}

/** Term/value pairs (a model's header, a task's facts). */
export function Facts({ items, ...rest }: { items: Array<[ReactNode, ReactNode, string?]> } & HTMLAttributes<HTMLDListElement>) {
  return (
    <dl className="ui-facts" {...rest}>
      {items.map(([term, value, testId], index) => (
        <div key={index} className="ui-facts-row">
          <dt>{term}</dt>
          <dd data-testid={testId}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
