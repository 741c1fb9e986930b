import type { ReactElement } from "react";
import { ModelsPage } from "../pages/Models/ModelsPage";
import { NotBuiltPage } from "../pages/NotBuilt/NotBuiltPage";
import { SettingsPage } from "../pages/Settings/SettingsPage";
import { TasksPage } from "../pages/Tasks/TasksPage";

export interface PageEntry {
  id: string;
  title: string;
  render: () => ReactElement;
}

/** The navigation, in order. A page that is not built yet says so plainly. */
export const pages: PageEntry[] = [
  { id: "models", title: "Models", render: () => <ModelsPage /> },
  { id: "debugger", title: "Debugger", render: () => <NotBuiltPage title="Debugger" what="trace a failing function, let the model explain it, and verify its fix" /> },
  { id: "tasks", title: "Tasks", render: () => <TasksPage /> },
  { id: "rounds", title: "Rounds", render: () => <NotBuiltPage title="Rounds" what="NExT self-training rounds: sample, verify, keep, train" /> },
  { id: "export", title: "Export", render: () => <NotBuiltPage title="Export" what="training sets for llama.cpp LoRA finetuning, MLX-LM, TRL and axolotl" /> },
  { id: "settings", title: "Settings", render: () => <SettingsPage /> },
];
