import { markup, SafeHtml } from './safe-html';

/** The page's only style, inline and allowed by its hash in the page's CSP (no other inline content, no script). */
export const LOGIN_PAGE_STYLE =
  'body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#1f2328;line-height:1.4}' +
  'header{display:flex;align-items:center;gap:.75rem}header img{max-height:3rem;max-width:8rem}' +
  '.issuer{font-weight:600;margin:0}h1{font-size:1.4rem}label{display:block;margin-top:1rem;font-weight:600}' +
  'input{display:block;width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem;font-size:1rem}' +
  '.error{color:#a40e26;background:#ffebe9;border:1px solid #ff8182;padding:.5rem .75rem;border-radius:4px}' +
  '.actions{display:flex;gap:.75rem;margin-top:1.5rem}button{padding:.5rem 1rem;font-size:1rem;cursor:pointer}' +
  'button.secondary{background:none;border:1px solid #8c959f}input:focus,button:focus{outline:2px solid #0969da;outline-offset:2px}';

/** What the login page shows; plain text, escaped by the template. */
export interface LoginPageView {
  lang: string;
  issuerName: string;
  logo?: { uri: string; alt: string };
  title: string;
  intro: string;
  usernameLabel: string;
  passwordLabel: string;
  submit: string;
  cancel: string;
  csrfToken: string;
  username: string;
  error?: string;
}

const STYLE = new SafeHtml(LOGIN_PAGE_STYLE);
const INVALID = new SafeHtml(' aria-invalid="true" aria-describedby="login-error"');
const AUTOFOCUS = new SafeHtml(' autofocus');

/**
 * The login form of the `PASSWORD` method (API.md §11). Labelled fields with `autocomplete` hints for password
 * managers; an error is announced (`role="alert"`) and tied to the fields it concerns. The form posts to its own URL
 * (the login id is in the path); "Cancel" skips the required fields (`formnovalidate`). Enter submits "Log in",
 * the first button. A TypeScript module rather than an .html file: the build compiles .ts files only.
 */
export function loginPageTemplate(view: LoginPageView): SafeHtml {
  const invalid = view.error ? INVALID : undefined;
  return markup`<!doctype html>
<html lang="${view.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${view.title} – ${view.issuerName}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
${view.logo && markup`<img src="${view.logo.uri}" alt="${view.logo.alt}">`}
<p class="issuer">${view.issuerName}</p>
</header>
<main>
<h1>${view.title}</h1>
<p>${view.intro}</p>
${view.error && markup`<p class="error" id="login-error" role="alert">${view.error}</p>`}
<form method="post">
<input type="hidden" name="csrf_token" value="${view.csrfToken}">
<label for="username">${view.usernameLabel}</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="128" required value="${view.username}"${invalid}${view.username ? undefined : AUTOFOCUS}>
<label for="password">${view.passwordLabel}</label>
<input id="password" name="password" type="password" autocomplete="current-password" maxlength="1024" required${invalid}${view.username ? AUTOFOCUS : undefined}>
<div class="actions">
<button type="submit" name="action" value="login">${view.submit}</button>
<button type="submit" name="action" value="cancel" class="secondary" formnovalidate>${view.cancel}</button>
</div>
</form>
</main>
</body>
</html>
`;
}
