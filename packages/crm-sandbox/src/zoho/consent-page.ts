/** The HTML of Zoho's sign-in consent step: which app, which scopes, which account, Accept or Reject. */
export type ConsentPageModel = {
  action: string;
  requestId: string;
  appName: string;
  scopes: string[];
  accounts: { id: string; name: string; email: string; dataCentreName: string; domain: string }[];
};

export function renderConsentPage(model: ConsentPageModel): string {
  const accounts = model.accounts
    .map(
      (account, i) => `
      <label class="account">
        <input type="radio" name="account_id" value="${esc(account.id)}"${i === 0 ? ' checked' : ''}>
        <span>${esc(account.name)}</span> <small>${esc(account.email)} · ${esc(account.dataCentreName)} (zoho.${esc(account.domain)})</small>
      </label>`,
    )
    .join('');
  const scopes = model.scopes.map((scope) => `<li><code>${esc(scope)}</code></li>`).join('');
  return page(
    `${model.appName} would like to access your Zoho account`,
    `
    <h1><strong>${esc(model.appName)}</strong> would like to access your Zoho account</h1>
    <form method="post" action="${esc(model.action)}">
      <input type="hidden" name="request_id" value="${esc(model.requestId)}">
      <fieldset>
        <legend>Sign in as</legend>${accounts || '<p>No Zoho account exists in this sandbox.</p>'}
      </fieldset>
      <p>It will be able to:</p>
      <ul>${scopes}</ul>
      <button type="submit" name="decision" value="accept"${model.accounts.length === 0 ? ' disabled' : ''}>Accept</button>
      <button type="submit" name="decision" value="reject">Reject</button>
    </form>`,
  );
}

export function renderErrorPage(title: string, message: string): string {
  return page(title, `<h1>${esc(title)}</h1><p>${esc(message)}</p>`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(title)} | Zoho Accounts (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}.account{display:block;margin:.5rem 0}button{margin-right:.5rem;padding:.5rem 1.25rem}</style>
</head>
<body>${body}
</body>
</html>`;
}

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}
