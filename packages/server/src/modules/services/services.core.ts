/** What the service-record use cases (records, state, diary and printables) share: the clock and the scoped person. */
import type { PackRegistry } from '@bangfu/rules';
import { visibleOr404 } from '../../access/visible.ts';
import { scopeOf, type RequestContext } from '../../http/context.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { PersonRow, ServicesRepository } from './services.repository.ts';

export class ServicesCore {
  constructor(
    readonly repo: ServicesRepository,
    readonly registry: PackRegistry,
    /** The application's one clock (`src/jobs/clock.ts`). */
    readonly clock: Clock,
  ) {}

  today(): string {
    return this.clock.today();
  }

  /** The person when the caller may see the file, else 404 (an out-of-scope one audited as refused `action`). */
  async visiblePerson(ctx: RequestContext, id: string, action: string): Promise<PersonRow> {
    const found = await this.repo.findPerson(scopeOf(ctx), id);
    return visibleOr404(ctx, found, { action, resourceType: 'person', resourceId: id, field: 'params.id' });
  }
}
