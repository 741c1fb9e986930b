import { EmptyState, PageHeader } from "../../components/ui";
import { routeHref } from "../../app/route";

/** A reserved page whose feature has not landed yet: says so, what it will hold, and what a deep link asked for. */
export function NotBuiltPage({ title, what, params = [], paramNames = [] }: { title: string; what: string; params?: string[]; paramNames?: string[] }) {
  return (
    <>
      <PageHeader title={title} lead={`This page will hold ${what}.`} />
      <EmptyState title="Not built yet" role="status" action={<a href={routeHref("tasks")}>Browse the tasks meanwhile</a>}>
        <p>This page will hold {what}.</p>
        {params.length > 0 && (
          <p data-testid="route-params">
            The link asks for {params.map((param, index) => `${paramNames[index] ?? "item"} "${param}"`).join(", ")}; it will open here once the page is built.
          </p>
        )}
      </EmptyState>
    </>
  );
}
