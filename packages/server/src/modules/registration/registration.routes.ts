import { z } from 'zod';
import { ZUuidParam } from '../../contract/index.ts';
import { registerListExport, type ExportColumn } from '../../http/list-export.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { COMMITMENT_TEXTS, commitmentSha256, currentCommitment } from './commitment.ts';
import {
  ZCommitmentText,
  ZDeregisterBody,
  ZDeregistered,
  ZEligibility,
  ZEligibilityBody,
  ZEmployment,
  ZEmploymentBody,
  ZFirstContactBody,
  ZPersonIdParam,
  ZRegistration,
  ZRegistrationBody,
  ZRegistrationCreated,
  ZWorklist,
  type ZWorklistItem,
  ZWorklistQuery,
} from './registration.contract.ts';

export function registerRegistrationRoutes(api: Api, services: Services): void {
  const reg = services.registration;

  api.get(
    '/v1/registration-commitment',
    {
      config: {},
      schema: {
        tags: ['registration'],
        summary: 'The written commitment (书面承诺) text in effect today, and every published version',
        response: { 200: z.object({ current: ZCommitmentText, versions: z.array(ZCommitmentText) }) },
      },
    },
    async () => {
      const view = (t: (typeof COMMITMENT_TEXTS)[number]) => ({ ...t, sha256: commitmentSha256(t) });
      return { current: view(currentCommitment(reg.today())), versions: COMMITMENT_TEXTS.map(view) };
    },
  );

  api.post(
    '/v1/persons/:personId/registrations/eligibility',
    {
      config: { permission: 'registration.read' },
      schema: {
        tags: ['registration'],
        summary: 'What the rule pack in force says about registering this person (nothing is written)',
        params: ZPersonIdParam,
        body: ZEligibilityBody,
        response: { 200: ZEligibility },
      },
    },
    async (req) => reg.eligibility(req.ctx, req.params.personId, req.body),
  );

  api.post(
    '/v1/persons/:personId/registrations',
    {
      config: { permission: 'registration.write' },
      schema: {
        tags: ['registration'],
        summary: 'Unemployment registration at the counter (job-seeking registration instead when not eligible, R2.4)',
        params: ZPersonIdParam,
        body: ZRegistrationBody,
        response: { 201: ZRegistrationCreated },
      },
    },
    async (req, reply) => reply.code(201).send(await reg.register(req.ctx, req.params.personId, req.body, 'offline')),
  );

  api.get(
    '/v1/persons/:personId/registrations',
    {
      config: { permission: 'registration.read' },
      schema: { tags: ['registration'], summary: 'A person’s registration periods, newest first', params: ZPersonIdParam, response: { 200: z.object({ items: z.array(ZRegistration) }) } },
    },
    async (req) => reg.forPerson(req.ctx, req.params.personId),
  );

  api.post(
    '/v1/persons/:personId/employment',
    {
      config: { permission: 'registration.write' },
      schema: {
        tags: ['registration'],
        summary: 'Employment registration (就业登记); ends an active unemployment registration (hired / self_employed)',
        params: ZPersonIdParam,
        body: ZEmploymentBody,
        response: { 201: ZEmployment },
      },
    },
    async (req, reply) => reply.code(201).send(await reg.registerEmployment(req.ctx, req.params.personId, req.body)),
  );

  api.get(
    '/v1/persons/:personId/employment',
    {
      config: { permission: 'registration.read' },
      schema: { tags: ['registration'], summary: 'A person’s employment registrations', params: ZPersonIdParam, response: { 200: z.object({ items: z.array(ZEmployment) }) } },
    },
    async (req) => reg.employmentsFor(req.ctx, req.params.personId),
  );

  api.get(
    '/v1/registrations',
    {
      config: { permission: 'registration.read' },
      schema: {
        tags: ['registration'],
        summary: 'Worklist: registrations in the area, those awaiting first contact first (overdue, then nearest deadline)',
        querystring: ZWorklistQuery,
        response: { 200: ZWorklist },
      },
    },
    async (req) => reg.worklist(req.ctx, req.query),
  );

  registerListExport(api, '/v1/registrations/export.xlsx', {
    permission: 'registration.read',
    tag: 'registration',
    summary: 'The registrations list of the current filter',
    querystring: ZWorklistQuery.omit({ page: true, pageSize: true }),
    maxRows: services.config.exportMaxRows,
    list: (ctx, q) => ({ name: 'registrations', columns: REGISTRATION_EXPORT_COLUMNS, jurisdictionCode: q.jurisdiction, page: (page, pageSize) => reg.worklist(ctx, { ...q, page, pageSize }) }),
  });

  api.get(
    '/v1/registrations/:id',
    {
      config: { permission: 'registration.read' },
      schema: { tags: ['registration'], summary: 'One registration with its deadlines and their explanations', params: ZUuidParam, response: { 200: ZRegistration } },
    },
    async (req) => reg.get(req.ctx, req.params.id),
  );

  api.post(
    '/v1/registrations/:id/first-contact',
    {
      config: { permission: 'registration.write' },
      schema: {
        tags: ['registration'],
        summary: 'Record the first contact (due within 5 working days of registration)',
        params: ZUuidParam,
        body: ZFirstContactBody,
        response: { 200: ZRegistration },
      },
    },
    async (req) => reg.recordFirstContact(req.ctx, req.params.id, req.body),
  );

  api.post(
    '/v1/registrations/:id/deregister',
    {
      config: { permission: 'registration.write' },
      schema: {
        tags: ['registration'],
        summary: 'Deregister (注销) for a ground the pack allows; the person is notified through the outbox',
        params: ZUuidParam,
        body: ZDeregisterBody,
        response: { 200: ZDeregistered },
      },
    },
    async (req) => reg.deregister(req.ctx, req.params.id, req.body),
  );

  api.get(
    '/v1/registrations/:id/certificate.pdf',
    {
      config: { permission: 'registration.read' },
      schema: { tags: ['registration'], summary: 'Registration certificate (就业失业登记证明), PDF', params: ZUuidParam },
    },
    async (req, reply) => {
      const { pdf, filename } = await reg.certificate(req.ctx, req.params.id);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
    },
  );
}

const REGISTRATION_EXPORT_COLUMNS: readonly ExportColumn<z.infer<typeof ZWorklistItem>>[] = [
  { header: { zh: '姓名', en: 'Name' }, value: (r) => r.personName },
  { header: { zh: '身份证号', en: 'ID number' }, value: (r) => r.idNumberMasked, width: 22 },
  { header: { zh: '登记编号', en: 'Registration no.' }, value: (r) => r.registrationNo, width: 22 },
  { header: { zh: '登记类别', en: 'Kind' }, value: (r) => r.kind },
  { header: { zh: '登记日期', en: 'Registered on' }, value: (r) => r.registeredOn },
  { header: { zh: '辖区', en: 'Jurisdiction' }, value: (r) => r.jurisdiction.name, width: 24 },
  { header: { zh: '首次联系期限', en: 'First contact due' }, value: (r) => r.firstContactDeadline },
  { header: { zh: '首次联系日期', en: 'First contacted on' }, value: (r) => r.firstContactOn },
];
