// Typed calls for the endpoints of docs/api.md, all through the one client.
import { api, request } from './client.ts';
import { call, type Body, type Ok } from './contract.ts';
import type {
  ImportKind,
  MarkInput,
  PersonCreateBody,
  PersonListItemEx,
  PersonUpdateBody,
  PublicOffice,
  RegistrationFacts,
  BulkServiceBody,
  ComparisonRun,
  ComparisonSummary,
  ComplianceMeasure,
  DatasetSpec,
  Finding,
  FindingCategory,
  FindingState,
  PrintableKind,
  ServiceBody,
  WorkKind,
  AuditOutcome,
  Page,
  Session,
  ApplicationSummary,
  AssistanceApplication,
  AssistancePlan,
  AssistanceTask,
  DeclaredFacts,
  DifficultyEvaluation,
  MeasureInput,
  NoticePage,
  AssistanceWorklist,
  OverdueMeasure,
  PostInput,
  SignedText,
  ZeroEmploymentLive,
  AssistanceExitReason,
  CandidatePage,
  PostExitReason,
  ReferralKind,
  ReferralStatus,
  ResponsibleWorker,
} from './types.ts';

const enc = encodeURIComponent;

export const auth = {
  login: (username: string, password: string) =>
    request<Session>('POST', '/api/auth/login', { body: { username, password }, skipUnauthorizedHandler: true }),
  me: () => request<Session>('GET', '/api/auth/me', { skipUnauthorizedHandler: true }),
  logout: () => request<void>('POST', '/api/auth/logout', { skipUnauthorizedHandler: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/api/auth/password', { currentPassword, newPassword }),
};

export const jurisdictions = {
  get: (code: string, signal?: AbortSignal) => call('get', '/api/v1/jurisdictions/{code}', { params: { code }, signal }),
  children: (code: string) => call('get', '/api/v1/jurisdictions/{code}/children', { params: { code } }),
};

export const dashboard = {
  get: (jurisdiction: string, signal?: AbortSignal) => call('get', '/api/v1/dashboard', { query: { jurisdiction }, signal }),
};

export interface PersonQuery {
  jurisdiction: string;
  q?: string;
  mark?: string;
  status?: string;
  tier?: string;
  level?: string;
  page: number;
  pageSize: number;
  sort?: string;
  order?: 'asc' | 'desc';
}

export const persons = {
  list: (query: PersonQuery, signal?: AbortSignal): Promise<Page<PersonListItemEx>> => call('get', '/api/v1/persons', { query: { ...query }, signal }),
  /** The whole file; with `asOf` (YYYY-MM-DD) as it was at the end of that day. */
  get: (id: string, signal?: AbortSignal) => call('get', '/api/v1/persons/{id}', { params: { id }, signal }),
  file: (id: string, asOf: string | undefined, signal?: AbortSignal) => call('get', '/api/v1/persons/{id}', { params: { id }, query: { asOf }, signal }),
  create: (body: PersonCreateBody) => call('post', '/api/v1/persons', { body }),
  update: (id: string, body: PersonUpdateBody) => call('patch', '/api/v1/persons/{id}', { params: { id }, body }),
  history: (id: string, signal?: AbortSignal) => call('get', '/api/v1/persons/{id}/history', { params: { id }, signal }),
  duplicates: (id: string, signal?: AbortSignal) => call('get', '/api/v1/persons/{id}/duplicates', { params: { id }, signal }),
  merge: (id: string, duplicateId: string, reason: string) => call('post', '/api/v1/persons/{id}/merge', { params: { id }, body: { duplicateId, reason } }),
  addMark: (id: string, body: MarkInput) => call('post', '/api/v1/persons/{id}/marks', { params: { id }, body }),
  endMark: (id: string, body: Body<'/api/v1/persons/{id}/marks/end', 'post'>) => call('post', '/api/v1/persons/{id}/marks/end', { params: { id }, body }),
  recordFact: (id: string, body: Body<'/api/v1/persons/{id}/facts', 'post'>) => call('post', '/api/v1/persons/{id}/facts', { params: { id }, body }),
  requestDeletion: (id: string, reason: string) => call('post', '/api/v1/persons/{id}/deletion-request', { params: { id }, body: { reason } }),
  reveal: (id: string, reason: string) => call('post', '/api/v1/persons/{id}/reveal', { params: { id }, body: { reason } }),
  issueActivationCode: (id: string) => call('post', '/api/v1/persons/{id}/activation-code', { params: { id } }),
  confirmIdentity: (id: string, note?: string) => call('post', '/api/v1/persons/{id}/identity-confirmation', { params: { id }, body: note ? { note } : {} }),
};

export const households = {
  get: (id: string, signal?: AbortSignal) => call('get', '/api/v1/households/{id}', { params: { id }, signal }),
};

export const registrations = {
  commitment: (signal?: AbortSignal) => call('get', '/api/v1/registration-commitment', { signal }),
  eligibility: (personId: string, facts: RegistrationFacts) =>
    call('post', '/api/v1/persons/{personId}/registrations/eligibility', { params: { personId }, body: facts }),
  register: (personId: string, body: Body<'/api/v1/persons/{personId}/registrations', 'post'>) =>
    call('post', '/api/v1/persons/{personId}/registrations', { params: { personId }, body }),
  forPerson: (personId: string, signal?: AbortSignal) => call('get', '/api/v1/persons/{personId}/registrations', { params: { personId }, signal }),
  employmentsFor: (personId: string, signal?: AbortSignal) => call('get', '/api/v1/persons/{personId}/employment', { params: { personId }, signal }),
  registerEmployment: (personId: string, body: Body<'/api/v1/persons/{personId}/employment', 'post'>) =>
    call('post', '/api/v1/persons/{personId}/employment', { params: { personId }, body }),
  worklist: (
    query: { jurisdiction: string; due?: 'first_contact'; state?: 'active' | 'cancelled'; page: number; pageSize: number },
    signal?: AbortSignal,
  ) => call('get', '/api/v1/registrations', { query, signal }),
  firstContact: (id: string, body: Body<'/api/v1/registrations/{id}/first-contact', 'post'>) =>
    call('post', '/api/v1/registrations/{id}/first-contact', { params: { id }, body }),
  deregister: (id: string, body: Body<'/api/v1/registrations/{id}/deregister', 'post'>) =>
    call('post', '/api/v1/registrations/{id}/deregister', { params: { id }, body }),
  certificateUrl: (id: string) => `/api/v1/registrations/${enc(id)}/certificate.pdf`,
};

export const offices = {
  list: (jurisdiction: string, signal?: AbortSignal) => call('get', '/api/v1/offices', { query: { jurisdiction }, signal }),
  qrUrl: (id: string) => `/api/v1/offices/${enc(id)}/qr.svg`,
};

export const citizen = {
  signup: (body: { idNumber: string; name: string; phone: string; password: string; residenceCode?: string; activationCode?: string }) =>
    request<Ok<'/api/citizen/signup', 'post'>>('POST', '/api/citizen/signup', { body, skipUnauthorizedHandler: true }),
  login: (idNumber: string, password: string) =>
    request<Session>('POST', '/api/citizen/login', { body: { idNumber, password }, skipUnauthorizedHandler: true }),
  status: (signal?: AbortSignal) => call('get', '/api/v1/me/status', { signal }),
  register: (body: Body<'/api/v1/me/registrations', 'post'>) => call('post', '/api/v1/me/registrations', { body }),
  certificateUrl: (id: string) => `/api/v1/me/registrations/${enc(id)}/certificate.pdf`,
  office: (id: string, signal?: AbortSignal) =>
    request<PublicOffice>('GET', `/api/citizen/offices/${enc(id)}`, { signal, skipUnauthorizedHandler: true }),
  /** Published division codes (no sign-in): the children of `parent`, or the provinces. */
  divisions: (parent?: string) =>
    request<Ok<'/api/citizen/divisions', 'get'>>('GET', '/api/citizen/divisions', { query: parent ? { parent } : {}, skipUnauthorizedHandler: true }),
};

export const imports = {
  templateUrl: (kind: ImportKind, format: 'xlsx' | 'csv') => `/api/v1/imports/templates/${kind}.${format}`,
  upload: (kind: ImportKind, file: File) =>
    request<Ok<'/api/v1/imports', 'post'>>('POST', '/api/v1/imports', { query: { kind, filename: file.name }, file }),
  list: (query: { page: number; pageSize: number }, signal?: AbortSignal) => call('get', '/api/v1/imports', { query, signal }),
  get: (id: string, signal?: AbortSignal) => call('get', '/api/v1/imports/{id}', { params: { id }, signal }),
  setMapping: (id: string, mapping: Record<string, number | null>) => call('post', '/api/v1/imports/{id}/mapping', { params: { id }, body: { mapping } }),
  start: (id: string) => call('post', '/api/v1/imports/{id}/start', { params: { id } }),
  cancel: (id: string) => call('post', '/api/v1/imports/{id}/cancel', { params: { id } }),
  rejections: (id: string, page: number, pageSize: number, signal?: AbortSignal) =>
    call('get', '/api/v1/imports/{id}/rejections', { params: { id }, query: { page, pageSize }, signal }),
  reportUrl: (id: string, format: 'xlsx' | 'csv') => `/api/v1/imports/${enc(id)}/report.${format}`,
};

export interface AuditQuery {
  page: number;
  pageSize: number;
  action?: string;
  username?: string;
  outcome?: AuditOutcome;
  sort?: string;
  order?: 'asc' | 'desc';
}

export const audit = {
  list: (query: AuditQuery, signal?: AbortSignal) => call('get', '/api/v1/audit', { query: { ...query }, signal }),
};

export const evaluate = {
  run: (body: unknown) => api.post<unknown>('/api/v1/evaluate', body),
};

// Daily service work (issue 5).
export const services = {
  record: (personId: string, body: ServiceBody) => call('post', '/api/v1/persons/{id}/services', { params: { id: personId }, body }),
  list: (personId: string, includeSuperseded: boolean, signal?: AbortSignal) =>
    call('get', '/api/v1/persons/{id}/services', { params: { id: personId }, query: { includeSuperseded: includeSuperseded ? 'true' : 'false' }, signal }),
  correct: (personId: string, serviceId: string, body: Body<'/api/v1/persons/{id}/services/{serviceId}/corrections', 'post'>) =>
    call('post', '/api/v1/persons/{id}/services/{serviceId}/corrections', { params: { id: personId, serviceId }, body }),
  outcome: (personId: string, serviceId: string, body: Body<'/api/v1/persons/{id}/services/{serviceId}/outcome', 'post'>) =>
    call('post', '/api/v1/persons/{id}/services/{serviceId}/outcome', { params: { id: personId, serviceId }, body }),
  bulk: (body: BulkServiceBody) => call('post', '/api/v1/services/bulk', { body }),
  state: (personId: string, signal?: AbortSignal) => call('get', '/api/v1/persons/{id}/service-state', { params: { id: personId }, signal }),
  diary: (personId: string, signal?: AbortSignal) => call('get', '/api/v1/persons/{id}/diary', { params: { id: personId }, signal }),
  diaryPdfUrl: (personId: string) => `/api/v1/persons/${enc(personId)}/diary.pdf`,
  printableUrl: (personId: string, kind: PrintableKind) => `/api/v1/persons/${enc(personId)}/printables/${kind}`,
  postings: (jurisdiction: string | undefined, signal?: AbortSignal) => call('get', '/api/v1/job-postings', { query: { jurisdiction }, signal }),
};

export const worklist = {
  /** Counts of every kind and one page of items per kind (`limit` items from `offset`, overdue first, then by deadline). */
  due: (query: { jurisdiction: string; kind?: WorkKind; limit?: number; offset?: number }, signal?: AbortSignal) =>
    call('get', '/api/v1/worklist', { query, signal }),
};

export const compliance = {
  summary: (jurisdiction: string, signal?: AbortSignal) => call('get', '/api/v1/compliance', { query: { jurisdiction }, signal }),
  people: (
    query: { jurisdiction: string; measure: ComplianceMeasure; status: 'failing' | 'ok'; page: number; pageSize: number; sort?: string; order?: 'asc' | 'desc' },
    signal?: AbortSignal,
  ) => call('get', '/api/v1/compliance/people', { query: { ...query }, signal }),
};

// Attachments: files behind a person's records (encrypted at rest, audited download).
export const attachments = {
  list: (personId: string, signal?: AbortSignal) => call('get', '/api/v1/persons/{personId}/attachments', { params: { personId }, signal }),
  upload: (personId: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<Ok<'/api/v1/persons/{personId}/attachments', 'post'>>('POST', `/api/v1/persons/${enc(personId)}/attachments`, { form });
  },
  contentUrl: (id: string) => `/api/v1/attachments/${enc(id)}/content`,
};

// Data comparison (issue 7).
export interface FindingQuery {
  state?: FindingState;
  kind?: string;
  category?: FindingCategory;
  jurisdiction?: string;
  runId?: string;
  page: number;
  pageSize: number;
}

export const comparison = {
  datasets: (signal?: AbortSignal) => api.get<{ items: DatasetSpec[] }>('/api/v1/comparison/datasets', undefined, signal),
  upload: (kind: string, partner: string, file: File) => {
    // Fields before the file: the server reads them from the parts that precede it.
    const form = new FormData();
    form.append('kind', kind);
    form.append('partner', partner);
    form.append('file', file, file.name);
    return request<ComparisonRun>('POST', '/api/v1/comparison/files', { form });
  },
  runs: (signal?: AbortSignal) => api.get<{ items: ComparisonRun[] }>('/api/v1/comparison/runs', { limit: 50 }, signal),
  run: (id: string, signal?: AbortSignal) => api.get<ComparisonRun>(`/api/v1/comparison/runs/${enc(id)}`, undefined, signal),
  cancel: (id: string) => api.post<ComparisonRun>(`/api/v1/comparison/runs/${enc(id)}/cancel`),
  stale: (months?: number) => api.post<ComparisonRun>('/api/v1/comparison/stale', months === undefined ? {} : { months }),
  hardship: () => api.post<ComparisonRun>('/api/v1/comparison/hardship', {}),
  rejectedUrl: (id: string) => `/api/v1/comparison/runs/${enc(id)}/rejected.csv`,
  findings: (query: FindingQuery, signal?: AbortSignal) =>
    api.get<{ items: Finding[]; total: number; page: number; pageSize: number }>('/api/v1/comparison/findings', { ...query }, signal),
  confirm: (id: string, note?: string, employerName?: string) => api.post<Finding>(`/api/v1/comparison/findings/${enc(id)}/confirm`, { ...(note ? { note } : {}), ...(employerName ? { employerName } : {}) }),
  dismiss: (id: string, reason: string) => api.post<Finding>(`/api/v1/comparison/findings/${enc(id)}/dismiss`, { reason }),
  summary: (jurisdiction: string, signal?: AbortSignal) =>
    api.get<ComparisonSummary>('/api/v1/comparison/summary', { jurisdiction }, signal),
};

// Employment assistance: recognition, plans, zero-employment families (packages/server/src/modules/assistance).
export const assistance = {
  commitment: (signal?: AbortSignal) => api.get<{ current: SignedText }>('/api/v1/assistance-commitment', undefined, signal),
  evaluate: (personId: string, facts: DeclaredFacts) =>
    api.post<DifficultyEvaluation>(`/api/v1/persons/${enc(personId)}/assistance/evaluate`, { facts }),
  apply: (personId: string, body: { facts: DeclaredFacts; commitment?: { version: string }; note?: string }) =>
    api.post<AssistanceApplication>(`/api/v1/persons/${enc(personId)}/assistance-applications`, body),
  forPerson: (personId: string, signal?: AbortSignal) =>
    api.get<{ items: AssistanceApplication[] }>(`/api/v1/persons/${enc(personId)}/assistance-applications`, undefined, signal),
  list: (query: { jurisdiction: string; state?: string; page: number; pageSize: number }, signal?: AbortSignal) =>
    api.get<{ items: ApplicationSummary[]; total: number; page: number; pageSize: number }>('/api/v1/assistance-applications', { ...query }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<AssistanceApplication>(`/api/v1/assistance-applications/${enc(id)}`, undefined, signal),
  precheck: (id: string, body: { decision: 'approve' | 'reject'; reason?: string }) =>
    api.post<AssistanceApplication>(`/api/v1/assistance-applications/${enc(id)}/precheck`, body),
  review: (id: string, body: { decision: 'approve' | 'reject'; reason?: string }) =>
    api.post<AssistanceApplication>(`/api/v1/assistance-applications/${enc(id)}/review`, body),
  objection: (id: string, body: { objector: string; content: string; raisedOn?: string }) =>
    api.post<AssistanceApplication>(`/api/v1/assistance-applications/${enc(id)}/objections`, body),
  resolveObjection: (id: string, objectionId: string, body: { outcome: 'dismissed' | 'upheld'; resolution: string }) =>
    api.post<AssistanceApplication>(`/api/v1/assistance-applications/${enc(id)}/objections/${enc(objectionId)}/resolve`, body),
  recognise: (id: string, body: { reason?: string }) =>
    api.post<AssistanceApplication>(`/api/v1/assistance-applications/${enc(id)}/recognise`, body),
  appeal: (id: string, reason: string) => api.post<AssistanceApplication>(`/api/v1/assistance-applications/${enc(id)}/appeal`, { reason }),
  recheck: (id: string, facts?: DeclaredFacts) =>
    api.post<AssistanceApplication>(`/api/v1/assistance-applications/${enc(id)}/recheck`, facts && Object.keys(facts).length ? { facts } : {}),
  handover: (id: string, body: { employmentSituation: string; nextSteps: string }) =>
    api.post<AssistanceApplication>(`/api/v1/assistance-applications/${enc(id)}/handover-assessment`, body),
  exit: (id: string, body: { reason: AssistanceExitReason; note: string }) =>
    api.post<AssistanceApplication>(`/api/v1/assistance-applications/${enc(id)}/exit`, body),
  cardUrl: (id: string) => `/api/v1/assistance-applications/${enc(id)}/card.pdf`,
  notices: (query: { jurisdiction: string; page: number; pageSize: number }, signal?: AbortSignal) =>
    api.get<NoticePage>('/api/v1/assistance/notices', { ...query }, signal),
  candidates: (query: { jurisdiction: string; page: number; pageSize: number }, signal?: AbortSignal) =>
    api.get<CandidatePage>('/api/v1/assistance/candidates', { ...query }, signal),
  worklist: (query: { jurisdiction: string; task?: AssistanceTask['task']; page: number; pageSize: number }, signal?: AbortSignal) =>
    api.get<AssistanceWorklist>('/api/v1/assistance/worklist', { ...query }, signal),
  agreementText: (signal?: AbortSignal) => api.get<{ current: SignedText }>('/api/v1/assistance-agreement', undefined, signal),
  workers: (personId: string, signal?: AbortSignal) =>
    api.get<{ personJurisdiction: string; items: ResponsibleWorker[] }>(`/api/v1/persons/${enc(personId)}/assistance-workers`, undefined, signal),
  reassign: (planId: string, body: { workerId: string; reason: string }) =>
    api.post<AssistancePlan>(`/api/v1/assistance-plans/${enc(planId)}/responsible-worker`, body),
  createPlan: (applicationId: string, body: { needs: string[]; goals: string; responsibleWorkerId?: string; measures: MeasureInput[] }) =>
    api.post<AssistancePlan>(`/api/v1/assistance-applications/${enc(applicationId)}/plan`, body),
  plan: (id: string, signal?: AbortSignal) => api.get<AssistancePlan>(`/api/v1/assistance-plans/${enc(id)}`, undefined, signal),
  overdue: (jurisdiction: string, signal?: AbortSignal) =>
    api.get<{ items: OverdueMeasure[]; asOf: string }>('/api/v1/assistance-plans/overdue', { jurisdiction }, signal),
  addMeasures: (id: string, measures: MeasureInput[]) => api.post<AssistancePlan>(`/api/v1/assistance-plans/${enc(id)}/measures`, { measures }),
  agree: (id: string, body: { agreementVersion: string; consent: { method: 'signature' | 'online' | 'fingerprint'; witness?: string } }) =>
    api.post<AssistancePlan>(`/api/v1/assistance-plans/${enc(id)}/agree`, body),
  completeMeasure: (id: string, measureId: string, body: { outcome?: string }) =>
    api.post<AssistancePlan>(`/api/v1/assistance-plans/${enc(id)}/measures/${enc(measureId)}/complete`, body),
  agreementUrl: (id: string) => `/api/v1/assistance-plans/${enc(id)}/agreement.pdf`,
  zeroEmployment: (jurisdiction: string, signal?: AbortSignal) =>
    api.get<ZeroEmploymentLive>('/api/v1/assistance/zero-employment', { jurisdiction }, signal),
  confirmZero: (householdId: string, note?: string) =>
    api.post<{ assistanceDue: string }>(`/api/v1/households/${enc(householdId)}/zero-employment/confirm`, note ? { note } : {}),
  assistZero: (householdId: string, body: { measure: string; note?: string }) =>
    api.post<{ onTime: boolean }>(`/api/v1/households/${enc(householdId)}/zero-employment/assistance`, body),
};

// Public-welfare posts (packages/server/src/modules/posts): typed from the document by path (contract.ts).
export const posts = {
  list: (query: { jurisdiction: string; status?: 'open' | 'closed' }, signal?: AbortSignal) => call('get', '/api/v1/posts', { query, signal }),
  create: (body: PostInput) => call('post', '/api/v1/posts', { body }),
  get: (id: string, signal?: AbortSignal) => call('get', '/api/v1/posts/{id}', { params: { id }, signal }),
  setStatus: (id: string, status: 'open' | 'closed') => call('post', '/api/v1/posts/{id}/status', { params: { id }, body: { status } }),
  candidates: (id: string, query: { page: number; pageSize: number }, signal?: AbortSignal) =>
    call('get', '/api/v1/posts/{id}/candidates', { params: { id }, query, signal }),
  place: (id: string, body: { personId: string; startOn?: string; termEnds?: string; note?: string }) =>
    call('post', '/api/v1/posts/{id}/placements', { params: { id }, body }),
  exit: (placementId: string, body: { reason: PostExitReason; note: string; endedOn?: string }) =>
    call('post', '/api/v1/post-placements/{placementId}/exit', { params: { placementId }, body }),
  extensionPreview: (placementId: string, signal?: AbortSignal) =>
    call('get', '/api/v1/post-placements/{placementId}/extension', { params: { placementId }, signal }),
  extend: (placementId: string, body: { termEnds: string; reason: string }) =>
    call('post', '/api/v1/post-placements/{placementId}/extend', { params: { placementId }, body }),
  complain: (id: string, body: Body<'/api/v1/posts/{id}/complaints', 'post'>) => call('post', '/api/v1/posts/{id}/complaints', { params: { id }, body }),
  investigate: (id: string, complaintId: string, body: { finding: 'substantiated' | 'unfounded'; investigation: string; removePlacement: boolean }) =>
    call('post', '/api/v1/posts/{id}/complaints/{complaintId}/investigate', { params: { id, complaintId }, body }),
};

// Social-assistance linkage (packages/server/src/modules/referrals): referrals to civil affairs, 低保 employment.
export const referrals = {
  list: (query: { jurisdiction: string; status?: ReferralStatus; page: number; pageSize: number }, signal?: AbortSignal) =>
    call('get', '/api/v1/civil-affairs-referrals', { query, signal }),
  refer: (personId: string, body: { kind: ReferralKind; reason: string; referredOn?: string }) =>
    call('post', '/api/v1/persons/{personId}/civil-affairs-referrals', { params: { personId }, body }),
  respond: (id: string, body: { status: 'accepted' | 'declined'; note: string; responseOn?: string }) =>
    call('post', '/api/v1/civil-affairs-referrals/{id}/response', { params: { id }, body }),
  dibaoEmployment: (personId: string, body: Body<'/api/v1/persons/{personId}/dibao-employment', 'post'>) =>
    call('post', '/api/v1/persons/{personId}/dibao-employment', { params: { personId }, body }),
  forPerson: (personId: string, signal?: AbortSignal) => call('get', '/api/v1/persons/{personId}/social-assistance', { params: { personId }, signal }),
};

// Policies, subsidies and training (packages/server/src/modules/policies): typed from the document by path.
export const policyApi = {
  list: (query: { jurisdiction: string }, signal?: AbortSignal) => call('get', '/api/v1/policies', { query, signal }),
  forPerson: (id: string, signal?: AbortSignal) => call('get', '/api/v1/persons/{id}/policies', { params: { id }, signal }),
  mine: (signal?: AbortSignal) => call('get', '/api/v1/me/policies', { signal }),
  candidates: (policyId: string, query: { jurisdiction: string; page: number; pageSize: number }, signal?: AbortSignal) =>
    call('get', '/api/v1/policies/{policyId}/candidates', { params: { policyId }, query, signal }),
  candidatesXlsxUrl: (policyId: string, jurisdiction: string) => `/api/v1/policies/${encodeURIComponent(policyId)}/candidates.xlsx?jurisdiction=${jurisdiction}`,
  push: (policyId: string, body: Body<'/api/v1/policies/{policyId}/push', 'post'>) => call('post', '/api/v1/policies/{policyId}/push', { params: { policyId }, body }),
};

export const subsidyApi = {
  list: (query: { jurisdiction: string; state?: 'submitted' | 'reviewed' | 'approved' | 'rejected' | 'paid' }, signal?: AbortSignal) =>
    call('get', '/api/v1/subsidy-applications', { query, signal }),
  apply: (body: Body<'/api/v1/subsidy-applications', 'post'>) => call('post', '/api/v1/subsidy-applications', { body }),
  applyMine: (body: Body<'/api/v1/me/subsidy-applications', 'post'>) => call('post', '/api/v1/me/subsidy-applications', { body }),
  mine: (signal?: AbortSignal) => call('get', '/api/v1/me/subsidy-applications', { signal }),
  review: (id: string, body: Body<'/api/v1/subsidy-applications/{id}/review', 'post'>) => call('post', '/api/v1/subsidy-applications/{id}/review', { params: { id }, body }),
  confirm: (id: string, body: { agree: boolean; note?: string }) => call('post', '/api/v1/subsidy-applications/{id}/confirm', { params: { id }, body }),
  batches: (query: { jurisdiction: string }, signal?: AbortSignal) => call('get', '/api/v1/payment-batches', { query, signal }),
  createBatch: (body: { jurisdiction: string; idempotencyKey: string }) => call('post', '/api/v1/payment-batches', { body }),
  batchFileUrl: (id: string) => `/api/v1/payment-batches/${encodeURIComponent(id)}/file.csv`,
  markPaid: (id: string) => call('post', '/api/v1/payment-batches/{id}/paid', { params: { id }, body: {} }),
  ledger: (query: { jurisdiction: string }, signal?: AbortSignal) => call('get', '/api/v1/subsidy-ledger', { query, signal }),
};
