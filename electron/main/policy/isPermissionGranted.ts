/**
 * `setPermissionRequestHandler` and `setPermissionCheckHandler`: the app needs no browser permission
 * (camera, notifications, geolocation, clipboard reads, HID, …), so every request and check is denied,
 * whoever asks. One function so the shell and its test agree on that.
 */
export function isPermissionGranted(_request: { permission: string; requestingUrl: string }): boolean {
  return false;
}
