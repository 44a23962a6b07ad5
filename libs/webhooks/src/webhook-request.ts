/**
 * One signed POST to a receiver, with what a public service must guard against: the receiver's
 * address is checked after DNS resolution and at connection time (so a name cannot be re-pointed at
 * the operator's own network between the check and the request), redirects are not followed, the
 * answer is cut at a few bytes, and a slow receiver is abandoned after the timeout.
 */
import { type LookupAddress, lookup as dnsLookup } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Webhook } from 'standardwebhooks';

export interface WebhookRequest {
  url: string;
  secret: string;
  messageId: string;
  sentAt: Date;
  body: string;
}

export interface WebhookRequestOptions {
  timeoutMs: number;
  /** Loopback and private addresses allowed (tests, a receiver on the operator's own network). */
  allowPrivateNetworks: boolean;
}

export interface WebhookAnswer {
  /** Null when no answer came. */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

const USER_AGENT = 'PassNumerique-Webhooks/1.0';

/** Public unicast only: no loopback, private, link-local (cloud metadata), multicast or reserved range. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** The headers Standard Webhooks defines, with the signature over `id.timestamp.body`. */
export function signedHeaders(request: WebhookRequest): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': request.messageId,
    'webhook-timestamp': String(Math.floor(request.sentAt.getTime() / 1000)),
    'webhook-signature': new Webhook(request.secret).sign(request.messageId, request.sentAt, request.body),
  };
}

function guardedLookup(allowPrivateNetworks: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, found) => {
      const addresses = found as unknown as LookupAddress[];
      if (error) return callback(error, '', 0);
      const refused = allowPrivateNetworks ? undefined : addresses.find((entry) => !isPublicAddress(entry.address));
      if (refused || addresses.length === 0) {
        const reason = new Error(`${hostname} resolves to ${refused?.address ?? 'no address'}, which is not a public address`);
        return callback(Object.assign(reason, { code: 'EADDRNOTPUBLIC' }), '', 0);
      }
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

export function sendWebhookRequest(request: WebhookRequest, options: WebhookRequestOptions): Promise<WebhookAnswer> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const url = new URL(request.url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // An address written in the URL needs no look-up, so Node would not call the guarded one.
    if (isIP(host) && !options.allowPrivateNetworks && !isPublicAddress(host)) {
      resolve({ statusCode: null, error: `${host} is not a public address`, durationMs: 0 });
      return;
    }
    const body = Buffer.from(request.body, 'utf8');
    const settings: RequestOptions = {
      method: 'POST',
      headers: { ...signedHeaders(request), 'content-length': String(body.length) },
      lookup: guardedLookup(options.allowPrivateNetworks),
      signal: AbortSignal.timeout(options.timeoutMs),
      agent: false,
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(url, settings, (answer) => {
      // Only the status matters: the body is drained and dropped.
      answer.resume();
      answer.on('end', () => resolve({ statusCode: answer.statusCode ?? null, error: null, durationMs: elapsed() }));
      answer.on('error', (error) => resolve({ statusCode: answer.statusCode ?? null, error: describe(error), durationMs: elapsed() }));
    });
    outgoing.on('error', (error) => resolve({ statusCode: null, error: describe(error), durationMs: elapsed() }));
    outgoing.end(body);
  });
}

function describe(error: Error): string {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return 'no answer within the time allowed';
  return error.message.slice(0, 300);
}
