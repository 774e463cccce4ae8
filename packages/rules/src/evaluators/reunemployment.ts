/**
 * Re-unemployment (CQ25 四: the re-unemployed get priority help; XC23 三(三) 对再次失业人员，进行重点帮扶): a person
 * who registers again within the pack's window (`followUp.reunemploymentWindowMonths`) after an employment began
 * is re-unemployed. Pure: the registration day and the last employment's start are parameters.
 */
import { addCalendarMonths, compareDates, formatIsoDate, type CivilDate, type IsoDate } from '../core/date.ts';
import type { Explanation } from '../core/explain.ts';
import type { ResolvedPack } from '../packs/registry.ts';
import { explain } from './common.ts';

export interface ReunemploymentDecision {
  reunemployed: boolean;
  windowMonths: number;
  /** Last registration day that still counts as re-unemployment (null without an employment). */
  windowEndsOn: IsoDate | null;
  explanation: Explanation;
}

export function evaluateReunemployment(f: { registeredOn: CivilDate; lastEmploymentStartedOn: CivilDate | undefined }, pack: ResolvedPack): ReunemploymentDecision {
  const param = pack.params.followUp.reunemploymentWindowMonths;
  const months = param.value;
  if (!f.lastEmploymentStartedOn) {
    return {
      reunemployed: false,
      windowMonths: months,
      windowEndsOn: null,
      explanation: explain(pack, 'followup.reunemployed', 'followUp.reunemploymentWindowMonths', param, '此前无就业登记，不属于再次失业', 'no earlier employment: not re-unemployed', { months }),
    };
  }
  const end = addCalendarMonths(f.lastEmploymentStartedOn, months);
  const within = compareDates(f.lastEmploymentStartedOn, f.registeredOn) <= 0 && compareDates(f.registeredOn, end) <= 0;
  const started = formatIsoDate(f.lastEmploymentStartedOn);
  const endIso = formatIsoDate(end);
  return {
    reunemployed: within,
    windowMonths: months,
    windowEndsOn: endIso,
    explanation: within
      ? explain(pack, 'followup.reunemployed', 'followUp.reunemploymentWindowMonths', param, `${started} 就业后 ${months} 个月内（至 ${endIso}）再次登记失业：再次失业人员，重点帮扶`, `registered again within ${months} months of the employment that began ${started} (until ${endIso}): re-unemployed, priority help`, { months, started, windowEndsOn: endIso })
      : explain(pack, 'followup.reunemployed', 'followUp.reunemploymentWindowMonths', param, `距 ${started} 就业已超过 ${months} 个月：不按再次失业处理`, `more than ${months} months after the employment that began ${started}: not re-unemployed`, { months, started, windowEndsOn: endIso }),
  };
}
