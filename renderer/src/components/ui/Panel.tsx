import type { HTMLAttributes, ReactNode } from "react";

/** A titled card that groups one part of a page; `actions` sit at the right of the title. */
export function Panel({ title, actions, children, className, headingLevel = 2, ...rest }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; headingLevel?: 2 | 3 } & Omit<HTMLAttributes<HTMLElement>, "title">) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className={["ui-panel", className].filter(Boolean).join(" ")} {...rest}>
      {(title || actions) && (
        <header className="ui-panel-header">
          {title && <Heading className="ui-panel-title">{title}</Heading>}
          {actions && <div className="ui-panel-actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}

/** A page's heading row: the h1, a one-line purpose, and the page's main actions. */
export function PageHeader({ title, lead, actions }: { title: string; lead?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="ui-page-header">
      <div>
        <h1>{title}</h1>
        {lead && <p className="ui-lead">{lead}</p>}
      </div>
      {actions && <div className="ui-panel-actions">{actions}</div>}
    </header>
  );
}
