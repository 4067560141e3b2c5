/**
 * Two-way SMS on the local runtime: signed Twilio webhook requests carry a whole survey
 * conversation; AWS End User Messaging's SNS notifications go through the same conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import inboundSmsEvent from '../../events/sns-inbound-sms.json';
import { twilioSignature } from '../../functions/adapters/twilio-signature';
import { interaction, startTestRuntime, type TestRuntime } from '../support/runtime';

const AUTH_TOKEN = 'test-twilio-auth-token-0123456789';
let rt: TestRuntime;
let sid = 0;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  rt = await startTestRuntime({ env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN } });
});
afterAll(async () => {
  await rt?.stop();
});

/** Posts an inbound SMS the way Twilio does: form-encoded and signed. */
async function twilio(
  from: string,
  body: string,
  options: { messageSid?: string; signature?: string | null } = {},
) {
  const params = {
    MessageSid: options.messageSid ?? `SM${String(++sid).padStart(32, '0')}`,
    AccountSid: 'AC00000000000000000000000000000000',
    From: from,
    To: '+15005550006',
    Body: body,
    NumMedia: '0',
  };
  const url = `${rt.url}/webhooks/twilio/sms`;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const signature =
    options.signature === undefined ? twilioSignature(AUTH_TOKEN, url, params) : options.signature;
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const res = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
  return { res, params, text: await res.text() };
}

const messageOf = (twiml: string) => /<Message>([\s\S]*)<\/Message>/.exec(twiml)?.[1] ?? '';

async function smsInvitation(phone: string, customer: Record<string, unknown> = {}) {
  const res = await rt.api('POST', '/interactions', {
    body: interaction(
      { channel: 'sms', teamId: `sms-${phone.slice(-4)}` },
      { email: undefined, phone, ...customer },
    ),
  });
  const body = (await res.json()) as { invitationId: string; status: string };
  await rt.settle(); // the invitation is sent and the conversation opened
  return body;
}

async function teamFigures(teamId: string) {
  const report = (await (await rt.api('GET', `/nps?from=${today}&to=${today}&groupBy=team`)).json()) as {
    groups: { key: string; responses: number; promoters: number; detractors: number }[];
  };
  return report.groups.find((g) => g.key === teamId);
}

describe('two-way SMS through Twilio', () => {
  it('takes a score, asks for a comment, takes the comment and thanks the customer', async () => {
    const phone = '+14155550111';
    const { invitationId } = await smsInvitation(phone);

    const first = await twilio(phone, '9');
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('content-type')).toContain('text/xml');
    expect(first.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>/);
    expect(messageOf(first.text)).toContain('Anything you would like to add');

    const second = await twilio(phone, 'Sorted my billing issue in five minutes');
    expect(messageOf(second.text)).toBe('Thank you for your feedback!');
    await rt.settle();

    expect(await teamFigures('sms-0111')).toMatchObject({ responses: 1, promoters: 1 });
    const csv = await (await rt.api('GET', `/exports/responses.csv?from=${today}&to=${today}`)).text();
    expect(csv).toContain(`${invitationId},`);
    expect(csv).toContain(',9,promoter,Sorted my billing issue in five minutes,');
  });

  it('answers a retried webhook (same MessageSid) with the same reply and no second effect', async () => {
    const phone = '+14155550112';
    await smsInvitation(phone);
    const first = await twilio(phone, '4', { messageSid: 'SMretry0000000000000000000000000001' });
    const again = await twilio(phone, '4', { messageSid: 'SMretry0000000000000000000000000001' });
    expect(again.text).toBe(first.text);
    // Had the retry been applied, "4" would now be read as the comment of the first "4".
    const comment = await twilio(phone, 'The technician never came');
    expect(messageOf(comment.text)).toBe('Thank you for your feedback!');
    await rt.settle();
    expect(await teamFigures('sms-0112')).toMatchObject({ responses: 1, detractors: 1 });
    const csv = await (await rt.api('GET', `/exports/responses.csv?from=${today}&to=${today}`)).text();
    expect(csv).toContain(',4,detractor,The technician never came,');
  });

  it('replies in the customer language', async () => {
    const phone = '+14155550113';
    await smsInvitation(phone, { locale: 'es-MX' });
    const reply = await twilio(phone, '10');
    expect(messageOf(reply.text)).toContain('¿Quiere añadir algo?');
  });

  it('opts a number out on STOP, so it is not surveyed again, and back in on START', async () => {
    const phone = '+14155550114';
    await smsInvitation(phone);
    expect(messageOf((await twilio(phone, 'STOP')).text)).toContain('You will not receive any more surveys');
    const suppressed = await rt.api('POST', '/interactions', {
      body: interaction({ channel: 'sms' }, { email: undefined, phone }),
    });
    expect(await suppressed.json()).toMatchObject({ status: 'suppressed', reason: 'opted_out' });

    expect(messageOf((await twilio(phone, 'START')).text)).toContain('receive our surveys again');
    const surveyed = await rt.api('POST', '/interactions', {
      body: interaction({ channel: 'sms' }, { email: undefined, phone }),
    });
    expect(await surveyed.json()).toMatchObject({ status: 'sent' });
  });

  it('answers HELP and an unreadable reply with short help texts, recording nothing', async () => {
    const phone = '+14155550115';
    await smsInvitation(phone);
    expect(messageOf((await twilio(phone, 'HELP')).text)).toContain('reply with a number from 0 to 10');
    expect(messageOf((await twilio(phone, 'who is this?')).text)).toContain('Please reply with a number');
    await rt.settle();
    expect(await teamFigures('sms-0115')).toBeUndefined();
  });

  it('sends replies to the newest open SMS invitation of the number', async () => {
    const phone = '+14155550116';
    await smsInvitation(phone, { id: 'C-newest-a' });
    const newer = await smsInvitation(phone, { id: 'C-newest-b' });
    await twilio(phone, '8 fine');
    await rt.settle();
    const csv = await (await rt.api('GET', `/exports/responses.csv?from=${today}&to=${today}`)).text();
    expect(csv).toContain(`${newer.invitationId},`);
  });

  it('rejects a request with a wrong or missing signature with 403, changing nothing', async () => {
    const phone = '+14155550117';
    await smsInvitation(phone);
    const forged = await twilio(phone, '0', { signature: 'bm90IGEgc2lnbmF0dXJl' });
    expect(forged.res.status).toBe(403);
    expect(JSON.parse(forged.text)).toMatchObject({ error: { code: 'forbidden' } });
    const unsigned = await twilio(phone, '0', { signature: null });
    expect(unsigned.res.status).toBe(403);
    await rt.settle();
    expect(await teamFigures('sms-0117')).toBeUndefined();
  });
});

describe('two-way SMS through AWS End User Messaging', () => {
  it('records the reply of an SNS notification and answers by SMS, once per inbound message id', async () => {
    const phone = '+14255550182';
    const { invitationId } = await smsInvitation(phone);
    await rt.invoke('smsInbound', structuredClone(inboundSmsEvent));
    await rt.invoke('smsInbound', structuredClone(inboundSmsEvent)); // SNS retried the delivery
    await rt.settle();

    expect(await teamFigures('sms-0182')).toMatchObject({ responses: 1, promoters: 1 });
    const { messages } = (await (await rt.api('GET', '/dev/outbox')).json()) as {
      messages: { kind: string; to: string; body: string; invitationId?: string }[];
    };
    const replies = messages.filter((m) => m.kind === 'sms' && m.to === phone && !m.invitationId);
    expect(replies.map((m) => m.body)).toEqual([
      'Thank you for your feedback!',
      'Thank you for your feedback!',
    ]);
    const csv = await (await rt.api('GET', `/exports/responses.csv?from=${today}&to=${today}`)).text();
    expect(csv).toContain(`${invitationId},`);
    expect(csv).toContain(',9,promoter,great support,');
  });
});
