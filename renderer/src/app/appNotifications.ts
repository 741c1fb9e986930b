import { api } from "../api/client";
import type { NotificationHost } from "./finishNotifications";

/**
 * The app's notification host: the window's Notification API (Electron maps it to native notifications), gated by
 * setting `jobs.notifyOnFinish`.
 */
export function appNotificationHost(): NotificationHost {
  const supported = typeof Notification !== "undefined";
  return {
    permission: () => (supported ? Notification.permission : "unsupported"),
    requestPermission: () => (supported ? Notification.requestPermission() : Promise.resolve("unsupported")),
    show: (title, options) => void new Notification(title, options),
    isAway: () => document.hidden || !document.hasFocus(),
    isEnabled: () => api.getSettings().then((view) => view.settings.jobs.notifyOnFinish),
  };
}
