import * as RadixTabs from "@radix-ui/react-tabs";
import type { ReactNode } from "react";

export interface TabEntry {
  id: string;
  title: ReactNode;
  content: ReactNode;
}

/** Tabs with arrow-key navigation (Radix). Controlled when `value` is given, so a route can own the tab. */
export function Tabs({ label, tabs, value, defaultValue, onValueChange }: { label: string; tabs: TabEntry[]; value?: string; defaultValue?: string; onValueChange?: (id: string) => void }) {
  return (
    <RadixTabs.Root className="ui-tabs" value={value} defaultValue={defaultValue ?? tabs[0]?.id} onValueChange={onValueChange}>
      <RadixTabs.List className="ui-tabs-list" aria-label={label}>
        {tabs.map((tab) => <RadixTabs.Trigger key={tab.id} value={tab.id} className="ui-tab">{tab.title}</RadixTabs.Trigger>)}
      </RadixTabs.List>
      {tabs.map((tab) => <RadixTabs.Content key={tab.id} value={tab.id} className="ui-tab-panel">{tab.content}</RadixTabs.Content>)}
    </RadixTabs.Root>
  );
}
