// Citizen self-reports and their verification (packages/server/src/modules/followup): typed from the generated
// document by path (contract.ts).
import { call, type Body, type Ok } from './contract.ts';

export type SelfReport = Ok<'/api/v1/me/self-reports', 'get'>['items'][number];
export type ProgressReportInput = Body<'/api/v1/me/self-reports/progress', 'post'>;
export type FoundJobInput = Body<'/api/v1/me/self-reports/found-job', 'post'>;

export const selfReports = {
  mine: (signal?: AbortSignal) => call('get', '/api/v1/me/self-reports', { signal }),
  progress: (body: ProgressReportInput) => call('post', '/api/v1/me/self-reports/progress', { body }),
  foundJob: (body: FoundJobInput) => call('post', '/api/v1/me/self-reports/found-job', { body }),
  confirm: (personId: string, id: string) => call('post', '/api/v1/persons/{personId}/self-reports/{id}/confirm', { params: { personId, id }, body: {} }),
  reject: (personId: string, id: string, reason: string) => call('post', '/api/v1/persons/{personId}/self-reports/{id}/reject', { params: { personId, id }, body: { reason } }),
};
