/** Typed client of the platform's HTTP API (same origin, session cookie). */

export type OrganisationKind = 'operator' | 'funder' | 'distributor' | 'place';
export type Role = 'operator_admin' | 'operator_reviewer' | 'funder_manager' | 'funder_viewer' | 'distributor_agent' | 'place_agent';
export type ApiScope = 'organisation:read' | 'users:read' | 'audit:read';

export interface OrganisationSummary {
  id: string;
  name: string;
  kind: OrganisationKind;
}

export interface Me {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisation: OrganisationSummary;
  sessionId: string;
  sessionExpiresAt: string;
}

export interface Session {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ipAddress: string | null;
  current: boolean;
}

export interface Organisation extends OrganisationSummary {
  createdAt: string;
}

export interface User {
  id: string;
  organisationId: string;
  email: string;
  displayName: string;
  role: Role;
  active: boolean;
  lastLoginAt: string | null;
}

export interface InvitationCreated {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  invitationUrl: string;
}

export interface InvitationDescription {
  email: string;
  role: Role;
  organisation: OrganisationSummary;
  expiresAt: string;
}

export interface AuditEvent {
  id: string;
  occurredAt: string;
  actorType: 'user' | 'api_token' | 'system' | 'anonymous';
  actorUserId: string | null;
  actorApiTokenId: string | null;
  actorName: string | null;
  organisationId: string | null;
  action: string;
  objectType: string;
  objectId: string;
  changes: unknown;
  requestId: string | null;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}

export interface AuditQuery {
  objectType?: string;
  objectId?: string;
  action?: string;
  organisationId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiTokenCreated extends ApiToken {
  token: string;
}

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** An error answer of the API (or a network failure, code "network_error"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Per-field problems of validation_failed and conflict answers. */
  get fieldProblems(): FieldProblem[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (item): item is FieldProblem =>
        typeof item === 'object' && item !== null && typeof item.field === 'string' && Array.isArray(item.problems),
    );
  }
}

let onUnauthenticated: () => void = () => {};

/** Called when the session has ended (expired, closed elsewhere): the app goes back to sign-in. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Network error');
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = isErrorBody(payload)
      ? new ApiError(response.status, payload.code, payload.message, payload.details)
      : new ApiError(response.status, 'internal_error', `HTTP ${response.status}`);
    if (error.code === 'unauthenticated') onUnauthenticated();
    throw error;
  }
  return payload as T;
}

function isErrorBody(value: unknown): value is { code: string; message: string; details?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const segment = encodeURIComponent;

export const api = {
  login: (email: string, password: string) => request<Me>('POST', '/api/auth/login', { email, password }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: () => request<Me>('GET', '/api/auth/me'),
  sessions: () => request<Session[]>('GET', '/api/auth/sessions'),
  endSession: (id: string) => request<void>('DELETE', `/api/auth/sessions/${segment(id)}`),

  organisations: (kind?: OrganisationKind) => request<Organisation[]>('GET', `/api/organisations${query({ kind })}`),
  createOrganisation: (input: { name: string; kind: string }) => request<Organisation>('POST', '/api/organisations', input),
  invite: (organisationId: string, input: { email: string; role: string }) =>
    request<InvitationCreated>('POST', `/api/organisations/${segment(organisationId)}/invitations`, input),
  users: (organisationId?: string) => request<User[]>('GET', `/api/users${query({ organisationId })}`),

  auditEvents: (filter: AuditQuery) => request<Page<AuditEvent>>('GET', `/api/audit-events${query({ ...filter })}`),

  apiTokens: () => request<ApiToken[]>('GET', '/api/api-tokens'),
  createApiToken: (input: { name: string; scopes: string[] }) => request<ApiTokenCreated>('POST', '/api/api-tokens', input),
  revokeApiToken: (id: string) => request<ApiToken>('DELETE', `/api/api-tokens/${segment(id)}`),

  invitation: (token: string) => request<InvitationDescription>('GET', `/api/invitations/${segment(token)}`),
  acceptInvitation: (token: string, input: { displayName: string; password: string }) =>
    request<User>('POST', `/api/invitations/${segment(token)}/accept`, input),
};
