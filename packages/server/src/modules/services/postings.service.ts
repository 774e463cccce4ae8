/** Job postings a job recommendation refers to (R9 grows this into the posting register). */
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import type { PostingRow, ServicesRepository } from './services.repository.ts';

function view(p: PostingRow) {
  return { id: p.id, title: p.title, employerName: p.employerName, jurisdictionCode: p.jurisdictionCode, address: p.address, open: p.open, createdAt: p.createdAt.toISOString() };
}

export class PostingsService {
  constructor(private readonly repo: ServicesRepository) {}

  async list(ctx: RequestContext, jurisdiction: string | undefined) {
    const within = scopeOf(ctx).narrow(jurisdiction);
    return { items: (await this.repo.listPostings(within)).map(view) };
  }

  async create(ctx: RequestContext, body: { title: string; employerName: string; jurisdictionCode: string; address?: string | undefined }) {
    const actor = requireActor(ctx);
    scopeOf(ctx).assertCovers(body.jurisdictionCode);
    if ((await this.repo.divisionName(body.jurisdictionCode)) === body.jurisdictionCode) {
      throw new AppError('VALIDATION_FAILED', {
        field: 'body.jurisdictionCode',
        params: { detail: `body.jurisdictionCode: unknown division ${body.jurisdictionCode}` },
        issues: [{ field: 'body.jurisdictionCode', messageZh: `区划代码 ${body.jurisdictionCode} 不存在`, messageEn: `unknown division code ${body.jurisdictionCode}` }],
      });
    }
    const row = await this.repo.insertPosting({ title: body.title, employerName: body.employerName, jurisdictionCode: body.jurisdictionCode, address: body.address ?? null, createdBy: actor.userId });
    ctx.audit = { action: 'posting.create', resourceType: 'job_posting', resourceId: row.id, jurisdictionCode: row.jurisdictionCode };
    return view(row);
  }
}
