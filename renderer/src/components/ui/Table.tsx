import type { ReactNode, TableHTMLAttributes } from "react";

/**
 * The one data table: sticky header, zebra-free rows with a hover and a selected state, numbers right-aligned
 * by `className="num"` on a cell. Rows that open something are links or buttons inside a cell, so the
 * keyboard reaches them; `caption` names the table for screen readers.
 */
export function Table({ caption, isCaptionHidden = true, children, className, ...rest }: { caption: string; isCaptionHidden?: boolean; children: ReactNode } & TableHTMLAttributes<HTMLTableElement>) {
  return (
    <div className="ui-table-frame">
      <table className={["ui-table", className].filter(Boolean).join(" ")} {...rest}>
        <caption className={isCaptionHidden ? "ui-visually-hidden" : "ui-table-caption"}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}
