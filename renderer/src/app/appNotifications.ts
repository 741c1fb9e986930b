import { api } from "../api/client";
import { browserNotificationHost, type NotificationHost } from "./finishNotifications";

/** The app's notification host: the window's Notification API, gated by setting `jobs.notifyOnFinish`. */
export function appNotificationHost(): NotificationHost {
  return browserNotificationHost({ isEnabled: () => api.getSettings().then((view) => view.settings.jobs.notifyOnFinish) });
}
