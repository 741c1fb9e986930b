/**
 * What a browser gets from the web host without its token: a short page saying how to get in, instead of raw
 * JSON. The app routes by hash (`#/tasks/demo%2Fclamp`), which never reaches the server, so the page's script
 * keeps it (in the URL it builds, and in localStorage for the printed URL opened by hand) and the continue page
 * the token load redirects to returns to it. Scripts are separate files: the CSP allows no inline script.
 * None of this is secret; it is served before the token check (Host and Origin are still checked).
 */

/** Where the token page load (`/?token=…`) redirects once the cookie is set: it returns to the kept route. */
export const CONTINUE_PATH = "/auth/continue";
export const SIGN_IN_SCRIPT_PATH = "/auth/sign-in.js";
export const CONTINUE_SCRIPT_PATH = "/auth/continue.js";

/** How long a kept route is offered back: long enough to find the terminal, short enough not to surprise. */
const RETURN_TO_MS = 30 * 60 * 1000;
const RETURN_TO_KEY = "tracetune.returnTo";

export function isSignInAsset(pathname: string): boolean {
  return pathname === SIGN_IN_SCRIPT_PATH || pathname === CONTINUE_SCRIPT_PATH || pathname === CONTINUE_PATH;
}

export function signInPageHtml(options: { port: number }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tracetune: open the link with the access token</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { max-width: 40rem; margin: 4rem auto; padding: 0 1.5rem; line-height: 1.5; }
  code { font-size: 0.95em; }
  form { display: flex; gap: 0.5rem; margin-top: 1rem; }
  input { flex: 1; padding: 0.5rem; font: inherit; }
  button { padding: 0.5rem 1rem; font: inherit; }
</style>
</head>
<body>
<main>
<h1>Open tracetune with its access link</h1>
<p>This is the tracetune web host on 127.0.0.1:${options.port}. It only answers the link that carries its
access token, printed when it started: in the terminal where you ran <code>tracetune serve</code> or
<code>npm start</code>, look for the line <code>tracetune is serving on http://127.0.0.1:${options.port}/?token=…</code>
and open that link (a new token is made at each start, so an old link does not work).</p>
<p id="return-to" hidden>You will come back to <code id="return-to-route"></code> once you are in.</p>
<form id="sign-in">
  <label for="link" hidden>Access link or token</label>
  <input id="link" name="link" autocomplete="off" placeholder="Paste the printed link or its token" aria-label="Access link or token">
  <button type="submit">Open</button>
</form>
</main>
<script src="${SIGN_IN_SCRIPT_PATH}"></script>
</body>
</html>
`;
}

/** Keeps the route and, from a pasted link or token, opens `/?token=…#route`. */
export const signInScript = `"use strict";
(function () {
  var key = ${JSON.stringify(RETURN_TO_KEY)};
  var hash = location.hash;
  if (hash && hash !== "#") {
    try { localStorage.setItem(key, JSON.stringify({ hash: hash, at: Date.now() })); } catch (error) {}
    document.getElementById("return-to-route").textContent = decodeURIComponent(hash);
    document.getElementById("return-to").hidden = false;
  }
  document.getElementById("sign-in").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = document.getElementById("link").value.trim();
    var token = text;
    try { token = new URL(text).searchParams.get("token") || text; } catch (error) {}
    if (!token) return;
    location.assign("/?token=" + encodeURIComponent(token) + (hash && hash !== "#" ? hash : ""));
  });
})();
`;

export function continuePageHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tracetune</title></head>
<body><p>Opening tracetune…</p><script src="${CONTINUE_SCRIPT_PATH}"></script></body></html>
`;
}

/** The route to return to: the URL's own hash (kept across the redirect), else the one kept by the sign-in page. */
export const continueScript = `"use strict";
(function () {
  var key = ${JSON.stringify(RETURN_TO_KEY)};
  var hash = location.hash && location.hash !== "#" ? location.hash : "";
  try {
    var kept = JSON.parse(localStorage.getItem(key) || "null");
    if (!hash && kept && typeof kept.hash === "string" && Date.now() - kept.at < ${RETURN_TO_MS}) hash = kept.hash;
    localStorage.removeItem(key);
  } catch (error) {}
  location.replace("/" + hash);
})();
`;
