import { CheckoutSession, LineItem } from './stripe-objects';

/** The hosted Checkout page of the stand-in: what a newcomer sees after "Book" in dev. */
export function checkoutPageHtml(
  session: CheckoutSession,
  lineItems: LineItem[],
  declined: string | null = null,
): string {
  const items = lineItems
    .map(
      (item) =>
        `<tr><td class="name">${escapeHtml(item.description)}${item.quantity > 1 ? ` × ${item.quantity}` : ''}</td>` +
        `<td class="amount">${formatAmount(item.amount_total, item.currency)}</td></tr>`,
    )
    .join('\n');
  const id = encodeURIComponent(session.id);
  const body =
    session.status === 'open'
      ? `<p>Pretend you are the customer. Nothing is charged; each button sends the signed webhooks Stripe would send.</p>
${declined ? `<p class="state" role="alert">${escapeHtml(declined)} Try another card.</p>` : ''}
<div class="actions">
  <form method="post" action="/checkout/${id}/pay"><button type="submit" name="action" value="pay" class="pay">Pay ${formatAmount(session.amount_total, session.currency)}</button></form>
  <form method="post" action="/checkout/${id}/decline"><button type="submit" name="action" value="decline">Card declined</button></form>
  <form method="post" action="/checkout/${id}/back"><button type="submit" name="action" value="back">Back</button></form>
  <form method="post" action="/checkout/${id}/abandon"><button type="submit" name="action" value="abandon">Abandon</button></form>
  <form method="post" action="/checkout/${id}/async-payment-fails"><button type="submit" name="action" value="async-payment-fails">Async payment fails</button></form>
</div>
<p class="small">Expires ${escapeHtml(new Date(session.expires_at * 1000).toISOString())}</p>`
      : `<p class="state">This Checkout Session is <strong>${escapeHtml(describeState(session))}</strong>. There is nothing left to do here.</p>
${linkBack(session)}`;
  return page(
    'Checkout',
    `<h2>Checkout</h2>
<table>${items}
<tr class="total"><td>Total</td><td class="amount">${formatAmount(session.amount_total, session.currency)}</td></tr></table>
${session.customer_email ? `<p class="small">Customer: ${escapeHtml(session.customer_email)}</p>` : ''}
${body}
<p class="small">Session <code>${escapeHtml(session.id)}</code></p>`,
  );
}

/** After a button, when the session has no success/cancel URL to send the customer to. */
export function checkoutResultHtml(session: CheckoutSession, message: string): string {
  return page(
    'Checkout',
    `<h2>${escapeHtml(message)}</h2><p>Session <code>${escapeHtml(session.id)}</code> is ${escapeHtml(describeState(session))}.</p>`,
  );
}

export function checkoutErrorHtml(title: string, message: string): string {
  return page(title, `<h2>${escapeHtml(title)}</h2><p>${escapeHtml(message)}</p>`);
}

function describeState(session: CheckoutSession): string {
  if (session.status === 'complete')
    return session.payment_status === 'paid'
      ? 'complete (paid)'
      : `complete (${session.payment_status})`;
  return session.status;
}

function linkBack(session: CheckoutSession): string {
  const target =
    session.status === 'complete' && session.payment_status === 'paid'
      ? session.success_url
      : session.cancel_url;
  if (!target) return '';
  const href = target.replace('{CHECKOUT_SESSION_ID}', session.id);
  return `<p><a href="${escapeHtml(href)}">Back to the shop</a></p>`;
}

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Local Stripe stand-in</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
  .banner { background: #fff3cd; border: 1px solid #e0b000; padding: .6rem .8rem; border-radius: 6px; font-weight: 600; }
  table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
  td { padding: .4rem 0; border-bottom: 1px solid #eee; }
  .amount { text-align: right; white-space: nowrap; }
  .total td { font-weight: 700; border-bottom: none; }
  .actions { display: flex; gap: .5rem; flex-wrap: wrap; margin: 1rem 0; }
  button { font-size: 1rem; padding: .6rem 1rem; border-radius: 6px; border: 1px solid #999; background: #fff; cursor: pointer; }
  button.pay { background: #635bff; color: #fff; border-color: #635bff; }
  .small { font-size: .85rem; color: #555; }
</style>
</head>
<body>
<p class="banner">Local Stripe stand-in — test mode, no real money</p>
${content}
</body>
</html>
`;
}

export function formatAmount(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', {
      style: 'currency',
      currency: currency.toUpperCase(),
    }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
