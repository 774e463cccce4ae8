import { ZUuidParam } from '../../contract/index.ts';
import {
  ZHousehold,
  ZHouseholdCreateBody,
  ZHouseholdUpdateBody,
  ZMemberAddBody,
  ZMemberParams,
  ZZeroEmploymentList,
  ZZeroEmploymentQuery,
} from '../../contract/persons.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';

export function registerHouseholdRoutes(api: Api, services: Services): void {
  const households = services.households;

  api.get(
    '/v1/households/zero-employment',
    {
      config: { permission: 'household.read' },
      schema: {
        tags: ['households'],
        summary: 'Zero-employment households now (零就业家庭), with the age of each in days',
        querystring: ZZeroEmploymentQuery,
        response: { 200: ZZeroEmploymentList },
      },
    },
    async (req) => households.zeroEmployment(req.ctx, req.query.jurisdiction),
  );

  api.post(
    '/v1/households',
    {
      config: { permission: 'household.write' },
      schema: { tags: ['households'], summary: 'Create a household', body: ZHouseholdCreateBody, response: { 201: ZHousehold } },
    },
    async (req, reply) => reply.code(201).send(await households.create(req.ctx, req.body)),
  );

  api.get(
    '/v1/households/:id',
    {
      config: { permission: 'household.read' },
      schema: {
        tags: ['households'],
        summary: 'A household: members, working-age and employment status, zero-employment status with its clause and history',
        params: ZUuidParam,
        response: { 200: ZHousehold },
      },
    },
    async (req) => households.get(req.ctx, req.params.id),
  );

  api.patch(
    '/v1/households/:id',
    {
      config: { permission: 'household.write' },
      schema: { tags: ['households'], summary: 'Change address, urban flag or business income', params: ZUuidParam, body: ZHouseholdUpdateBody, response: { 200: ZHousehold } },
    },
    async (req) => households.update(req.ctx, req.params.id, req.body),
  );

  api.post(
    '/v1/households/:id/members',
    {
      config: { permission: 'household.write' },
      schema: { tags: ['households'], summary: 'Add a member with a relationship', params: ZUuidParam, body: ZMemberAddBody, response: { 200: ZHousehold } },
    },
    async (req) => households.addMember(req.ctx, req.params.id, req.body.personId, req.body.relationship),
  );

  api.delete(
    '/v1/households/:id/members/:personId',
    {
      config: { permission: 'household.write' },
      schema: { tags: ['households'], summary: 'Remove a member', params: ZMemberParams, response: { 200: ZHousehold } },
    },
    async (req) => households.removeMember(req.ctx, req.params.id, req.params.personId),
  );
}
