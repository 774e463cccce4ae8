/**
 * The one executor of the recognition workflow: every step is one transaction that locks the application, checks
 * the transition's row of `assistance.workflow.ts` in order (state, permission, maker–checker, then the guard on
 * the facts the step loads), applies the step's patch with an optimistic update, appends its event, changes the
 * `difficulty` mark where the step says so, and leaves the audit note in `ctx.audit`.
 */
import { requireActor, type RequestContext } from '../../http/context.ts';
import type { AppError } from '../../errors/app-error.ts';
import { chinaDate } from './clock.ts';
import { stateError } from './assistance.grounds.ts';
import { PersonFileWrites } from '../persons/file-writes.ts';
import type { ApplicationRow } from './assistance.repository.ts';
import type { AssistanceService } from './assistance.service.ts';
import { EFFECTS, performedSteps, type Bodies, type Outcome, type Step } from './assistance.transitions.ts';
import { TRANSITIONS, guardRefusal, makerRefusal, permissionRefusal, stateRefusal, type Refusal, type WorkflowAction } from './assistance.workflow.ts';

function refuse(r: Refusal | null): void {
  if (r) throw r.error satisfies AppError;
}

export class WorkflowExecutor {
  constructor(private readonly svc: AssistanceService) {}

  /** Runs `action` on application `id` for the request's actor; answers the application as it is after the step. */
  async run<A extends WorkflowAction>(ctx: RequestContext, action: A, id: string, body: Bodies[A]): Promise<ApplicationRow> {
    const t = TRANSITIONS[action];
    const effect = EFFECTS[action];
    const actor = requireActor(ctx);
    const now = this.svc.clock.now();
    const today = chinaDate(now);
    const lookup = t.lookup ?? t.audit;
    const done = await this.svc.repo.transaction(async (repo): Promise<{ row: ApplicationRow; out: Outcome }> => {
      const app = await this.svc.visibleApplication(ctx, id, lookup, repo, true);
      const s: Step<Bodies[A]> = { ctx, svc: this.svc, repo, app, actor, body, now, today, lookup };
      refuse(stateRefusal(t, app.state, () => this.svc.pack(app.jurisdictionCode, today)));
      refuse(permissionRefusal(t, actor.role));
      const subject = effect.subject ? await effect.subject(s) : undefined;
      refuse(makerRefusal(t, actor.userId, { ...performedSteps(app), ...subject?.performed }));
      const loaded = await effect.load(s);
      refuse(guardRefusal(t, loaded.facts));
      const out = await effect.apply(s, loaded);
      let row = app;
      if (out.patch) {
        const next = await repo.transition(app, app.state, out.patch, now);
        const [zh, en] = out.conflict ?? t.stateText;
        if (!next) throw stateError(app.state, zh, en);
        row = next;
      }
      await repo.event({ at: now, personId: app.personId, applicationId: app.id, on: today, actorId: actor.userId, actorName: actor.username, action: out.event.action, fromState: app.state, toState: out.event.toState, reason: out.event.reason, detail: out.event.detail });
      if (out.mark) await new PersonFileWrites(repo.db).changeDifficultyMark(app.personId, out.mark.change, today, now, actor, out.mark.note, out.mark.source);
      return { row, out };
    });
    ctx.audit = { action: t.audit, resourceType: 'assistance_application', resourceId: id, jurisdictionCode: done.row.jurisdictionCode, ...done.out.audit };
    return done.row;
  }
}
