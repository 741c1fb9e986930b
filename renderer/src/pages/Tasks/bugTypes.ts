import type { BugType } from "../../../../native/api/index";

/** The bug types of docs/tasks.md, in the order the filters and the editor offer them. */
export const bugTypes: BugType[] = ["missing logic", "excess logic", "operator misuse", "variable misuse", "value misuse", "function misuse"];
