/** The HTML of Salesforce's "Allow Access?" step: which app, which org and user, Allow or Deny. */
export type ConsentPageModel = {
  action: string;
  requestId: string;
  appName: string;
  hostLabel: string;
  choices: { value: string; orgName: string; username: string; isSandbox: boolean }[];
};

export function renderConsentPage(model: ConsentPageModel): string {
  const choices = model.choices
    .map(
      (choice, i) => `
      <label class="account">
        <input type="radio" name="account" value="${esc(choice.value)}"${i === 0 ? ' checked' : ''}>
        <span>${esc(choice.username)}</span> <small>${esc(choice.orgName)}${choice.isSandbox ? ' (sandbox)' : ''}</small>
      </label>`,
    )
    .join('');
  const none = `<p role="alert">Please check your username and password. No such user exists for ${esc(model.hostLabel)}: sandbox orgs sign in at test.salesforce.com, production orgs at login.salesforce.com.</p>`;
  return page(
    'Allow Access?',
    `
    <h1>Allow Access?</h1>
    <p><strong>${esc(model.appName)}</strong> is asking to access your Salesforce data.</p>
    <form method="post" action="${esc(model.action)}">
      <input type="hidden" name="request_id" value="${esc(model.requestId)}">
      <fieldset>
        <legend>Sign in as</legend>${model.choices.length > 0 ? choices : none}
      </fieldset>
      <button type="submit" name="decision" value="allow"${model.choices.length === 0 ? ' disabled' : ''}>Allow</button>
      <button type="submit" name="decision" value="deny">Deny</button>
    </form>`,
  );
}

export function renderErrorPage(title: string, message: string): string {
  return page(title, `<h1>${esc(title)}</h1><p>${esc(message)}</p>`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(title)} | Salesforce (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}.account{display:block;margin:.5rem 0}button{margin-right:.5rem;padding:.5rem 1.25rem}</style>
</head>
<body>${body}
</body>
</html>`;
}

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}
