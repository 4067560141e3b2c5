/**
 * Unsubscribing, against the local runtime (DynamoDB Local, the local queue, the outbox): the link
 * in every invitation email (a GET asks, a POST opts out, RFC 8058 one-click POSTs included), and
 * SES bounces and complaints arriving at the email-events function as the sample SNS events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import bounceEvent from '../../events/sns-ses-bounce.json';
import complaintEvent from '../../events/sns-ses-complaint.json';
import { issueSurveyToken } from '../../functions/domain/survey-token';
import { loadOrCreateSecrets } from '../../local/runtime';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';

let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt?.stop();
});

interface Receipt {
  invitationId: string;
  status: string;
  reason?: string;
  surveyUrl: string;
}

/** A new interaction (a new customer each time, so no cooldown) for this email address. */
async function interactionFor(email: string, customer: Record<string, unknown> = {}): Promise<Receipt> {
  const res = await rt.api('POST', '/interactions', { body: interaction({}, { email, ...customer }) });
  expect(res.status).toBe(202);
  return (await res.json()) as Receipt;
}

let addresses = 0;
const newAddress = () => `unsubscribe-${Date.now().toString(36)}-${++addresses}@example.com`;

const unsubscribePath = (receipt: Receipt) => `/u/${tokenOf(receipt.surveyUrl)}`;

/** RFC 8058: what a mailbox provider's one-click unsubscribe sends. */
const oneClick = (path: string) =>
  rt.api('POST', path, {
    admin: false,
    raw: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

async function emailOf(invitationId: string) {
  await rt.settle();
  const res = await rt.api('GET', '/dev/outbox');
  const { messages } = (await res.json()) as {
    messages: { invitationId?: string; body: string; html?: string; headers?: Record<string, string> }[];
  };
  const emails = messages.filter((m) => m.invitationId === invitationId);
  expect(emails).toHaveLength(1);
  return emails[0] as (typeof emails)[number];
}

// biome-ignore lint/suspicious/noExplicitAny: SES event JSON, changed field by field by each test
type SesEventJson = any;

/** A sample SNS event with its SES event changed by `change` (cloned: the sample stays as it is). */
function snsWith<E extends { Records: { Sns: { Message: string } }[] }>(
  sample: E,
  change: (sesEvent: SesEventJson) => void,
): E {
  const event = structuredClone(sample);
  for (const record of event.Records) {
    const sesEvent: SesEventJson = JSON.parse(record.Sns.Message);
    change(sesEvent);
    record.Sns.Message = JSON.stringify(sesEvent);
  }
  return event;
}

describe('the invitation email', () => {
  it('carries List-Unsubscribe and List-Unsubscribe-Post headers and a visible unsubscribe link', async () => {
    const receipt = await interactionFor(newAddress());
    const email = await emailOf(receipt.invitationId);
    const unsubscribeUrl = `${rt.url}${unsubscribePath(receipt)}`;

    expect(email.headers).toEqual({
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(email.body).toContain(`Unsubscribe from surveys: ${unsubscribeUrl}`);
    expect(email.html).toContain(`href="${unsubscribeUrl}"`);
  });

  it("names the customer and the interaction's day in the customer's language", async () => {
    const receipt = await interactionFor(newAddress(), { name: 'Lucía', locale: 'es' });
    const email = await emailOf(receipt.invitationId);

    expect(email.body).toContain('Hola Lucía:');
    expect(email.body).toContain('su conversación con nosotros del 23 de noviembre de 2026');
    expect(email.html).toContain('23 de noviembre de 2026');
  });
});

describe('GET /u/{token}', () => {
  it('shows a confirmation page whose button posts to the same link, and changes nothing', async () => {
    const address = newAddress();
    const receipt = await interactionFor(address);

    const res = await rt.api('GET', unsubscribePath(receipt), { admin: false });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain('Unsubscribe from our satisfaction surveys?');
    expect(page).toContain(`<form method="post" action="${tokenOf(receipt.surveyUrl)}">`);
    expect(page).not.toContain(address);

    expect((await interactionFor(address)).status).toBe('sent');
  });

  it("asks in the customer's language", async () => {
    const receipt = await interactionFor(newAddress(), { locale: 'de' });
    const page = await (await rt.api('GET', unsubscribePath(receipt), { admin: false })).text();
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('Von unseren Zufriedenheitsumfragen abmelden?');
  });
});

describe('POST /u/{token}', () => {
  it('opts the address out on a one-click POST, so its next interaction is suppressed as opted_out', async () => {
    const address = newAddress();
    const receipt = await interactionFor(address);

    const res = await oneClick(unsubscribePath(receipt));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are unsubscribed.');

    const next = await interactionFor(address.toUpperCase());
    expect(next).toEqual({ invitationId: expect.any(String), status: 'suppressed', reason: 'opted_out' });
  });

  it('unsubscribes from the confirmation form too, and again without harm', async () => {
    const address = newAddress();
    const receipt = await interactionFor(address, { locale: 'fr' });
    const form = { 'List-Unsubscribe': 'One-Click' };

    const first = await rt.api('POST', unsubscribePath(receipt), { admin: false, form });
    const again = await rt.api('POST', unsubscribePath(receipt), { admin: false, form });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await again.text()).toContain('Vous êtes désabonné.');
    expect((await interactionFor(address)).reason).toBe('opted_out');
  });

  it('still unsubscribes with an expired but genuine link', async () => {
    const address = newAddress();
    const { invitationId } = await interactionFor(address);
    const secrets = loadOrCreateSecrets(rt.dataDir);
    const expired = issueSurveyToken(
      { current: secrets.tokenKid, keys: secrets.tokenKeys },
      invitationId,
      new Date(Date.now() - 86_400_000),
    );

    expect((await rt.api('GET', `/u/${expired}`, { admin: false })).status).toBe(200);
    const res = await oneClick(`/u/${expired}`);
    expect(res.status).toBe(200);
    expect((await interactionFor(address)).reason).toBe('opted_out');
  });

  it('answers a tampered link with a 401 page and opts nothing out', async () => {
    const address = newAddress();
    const receipt = await interactionFor(address);
    const other = await interactionFor(newAddress());
    // Another invitation's id under this token's signature.
    const tampered = tokenOf(receipt.surveyUrl).replace(receipt.invitationId, other.invitationId);

    const post = await oneClick(`/u/${tampered}`);
    expect(post.status).toBe(401);
    expect(post.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await post.text()).toContain('not valid');
    expect((await rt.api('GET', `/u/${tampered}`, { admin: false })).status).toBe(401);

    expect((await interactionFor(address)).status).toBe('sent');
  });
});

describe('SES bounces and complaints (email-events function)', () => {
  it('opts out the recipient of a permanent bounce', async () => {
    const address = newAddress();
    const event = snsWith(bounceEvent, (ses) => {
      ses.bounce.bouncedRecipients[0].emailAddress = address;
      ses.mail.destination = [address];
    });

    await rt.invoke('emailEvents', event);

    expect((await interactionFor(address)).reason).toBe('opted_out');
  });

  it('opts out a recipient who complained', async () => {
    const address = newAddress();
    const event = snsWith(complaintEvent, (ses) => {
      ses.complaint.complainedRecipients[0].emailAddress = address;
    });

    await rt.invoke('emailEvents', event);

    expect((await interactionFor(address)).reason).toBe('opted_out');
  });

  it('leaves the recipient of a transient bounce subscribed', async () => {
    const address = newAddress();
    const event = snsWith(bounceEvent, (ses) => {
      ses.bounce.bounceType = 'Transient';
      ses.bounce.bounceSubType = 'MailboxFull';
      ses.bounce.bouncedRecipients[0].emailAddress = address;
    });

    await rt.invoke('emailEvents', event);

    expect((await interactionFor(address)).status).toBe('sent');
  });

  it("ignores SES's setup notice, which is not an event", async () => {
    const event = structuredClone(bounceEvent);
    for (const record of event.Records) {
      record.Sns.Message = 'Successfully validated SNS topic for Amazon SES event publishing.';
    }
    await expect(rt.invoke('emailEvents', event)).resolves.toBeUndefined();
  });
});
