import type { ReactElement } from "react";
import { DebuggerPage } from "../pages/Debugger/DebuggerPage";
import { EvaluatePage } from "../pages/Evaluate/EvaluatePage";
import { ExportPage } from "../pages/Export/ExportPage";
import { ModelsPage } from "../pages/Models/ModelsPage";
import { RoundsPage } from "../pages/Rounds/RoundsPage";
import { SettingsPage } from "../pages/Settings/SettingsPage";
import { StartPage } from "../pages/Start/StartPage";
import { TasksPage } from "../pages/Tasks/TasksPage";

export interface PageEntry {
  id: string;
  title: string;
  /** Renders the page for the route's segments after the page id (a task id, a model path, a round…). */
  render: (params: string[]) => ReactElement;
}

/**
 * The navigation, in order, and every route: `#/<id>/<param>…`. Pages that other work will build are
 * reserved here (Debugger, Rounds, Export) and say what they will hold; their deep links
 * (`#/debugger/<task>`, `#/rounds/<round>/<sample>`, `#/export/<run>`) already resolve.
 */
export const pages: PageEntry[] = [
  { id: "start", title: "Start", render: () => <StartPage /> },
  { id: "models", title: "Models", render: ([path]) => <ModelsPage selectedPath={path ?? null} /> },
  { id: "debugger", title: "Debugger", render: ([taskId]) => <DebuggerPage taskId={taskId ?? null} /> },
  { id: "tasks", title: "Tasks", render: ([taskId, mode]) => <TasksPage openTaskId={taskId ?? null} mode={mode ?? null} /> },
  { id: "evaluate", title: "Evaluate", render: (params) => <EvaluatePage params={params} /> },
  { id: "rounds", title: "Rounds", render: (params) => <RoundsPage params={params} /> },
  { id: "export", title: "Export", render: (params) => <ExportPage params={params} /> },
  { id: "settings", title: "Settings", render: ([section]) => <SettingsPage section={section ?? null} /> },
];

export const defaultPageId = "start";
