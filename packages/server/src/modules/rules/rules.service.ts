import { EvaluateInputSchema, PackRegistry, evaluateCase, type EvaluateInput } from '@bangfu/rules';
import type { RequestContext } from '../../http/context.ts';
import { scopeOf } from '../../http/context.ts';

/**
 * Serves the rules package to the API and CLI: the built-in rule packs and what-if evaluation. The rules
 * themselves live in `@bangfu/rules` (pure); this service only adds scope checks and audit notes.
 */
export class RulesService {
  readonly registry: PackRegistry;

  constructor(registry: PackRegistry = PackRegistry.builtIn()) {
    this.registry = registry;
  }

  static readonly inputSchema = EvaluateInputSchema;

  /** What-if evaluation for operators; the case must lie in the user's subtree. */
  evaluate(ctx: RequestContext, input: EvaluateInput) {
    scopeOf(ctx).assertCovers(input.jurisdiction);
    ctx.audit = { action: 'rules.evaluate', resourceType: 'evaluation', jurisdictionCode: input.jurisdiction };
    return evaluateCase(input, this.registry);
  }

  /** The same evaluation without a user (CLI `bangfu evaluate`). */
  evaluateLocal(input: EvaluateInput) {
    return evaluateCase(input, this.registry);
  }

  packs() {
    return this.registry.list();
  }

  history(code: string) {
    return this.registry.history(code);
  }

  inForce(code: string, asOf: string) {
    return this.registry.resolve(code, asOf);
  }
}
