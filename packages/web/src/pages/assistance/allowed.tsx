// The console offers the recognition steps the server says the user may take (`allowedActions`, from the server's
// workflow table): nothing here re-derives states, permissions or maker–checker.
import type { ComponentProps } from 'react';
import { Button, Tooltip } from 'antd';
import type { AllowedAction, AssistanceAction, AssistanceApplication } from '../../api/types.ts';

export type Allowed = (action: AssistanceAction, objectionId?: string) => AllowedAction | undefined;

export function allowedOf(app: AssistanceApplication): Allowed {
  return (action, objectionId) => app.allowedActions.find((a) => a.action === action && (objectionId === undefined || a.objectionId === objectionId));
}

/** Offered: allowed, or refused by maker–checker (shown disabled) or by a guard (shown with the reason). */
export function offered(a: AllowedAction | undefined): a is AllowedAction {
  return a !== undefined && (a.allowed || a.refusedBy === 'maker_checker' || a.refusedBy === 'guard');
}

/**
 * Disabled when the refusal is about the user or the application (state, permission, maker–checker). A guard's
 * refusal is judged on today's facts as last loaded; the step re-evaluates, so the button stays enabled and the
 * server's answer (with the clause) is shown.
 */
export function blocked(a: AllowedAction | undefined): boolean {
  return !a || (!a.allowed && a.refusedBy !== 'guard');
}

/** A step's button: disabled with the server's reason as its tooltip, or with the guard's reason on hover. */
export function ActionButton({ allowed, ...props }: { allowed: AllowedAction | undefined } & ComponentProps<typeof Button>) {
  const button = <Button {...props} disabled={props.disabled || blocked(allowed)} />;
  return allowed?.reason ? <Tooltip title={allowed.reason}>{button}</Tooltip> : button;
}
