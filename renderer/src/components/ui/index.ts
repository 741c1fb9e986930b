/** The design system: every control a page uses comes from here (tests/unit/renderer/designSystem.test.ts). */
export { Button, type ButtonProps } from "./Button";
export { Checkbox } from "./Checkbox";
export { ConfirmButton, Dialog } from "./Dialog";
export { EmptyState, Facts, Notice } from "./Notice";
export { PageHeader, Panel } from "./Panel";
export { Progress } from "./Progress";
export { Select, type SelectOption } from "./Select";
export { Table } from "./Table";
export { Tabs, type TabEntry } from "./Tabs";
export { TextArea, TextField } from "./TextField";
export { ToastProvider, useToast, type ToastMessage } from "./Toast";
export { Autocomplete, type AutocompleteOption } from "./Autocomplete";
export { Slider } from "./Slider";
