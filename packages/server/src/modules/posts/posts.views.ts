/** Posts, placements and complaints as the API shows them (pure). */
import { addCalendarMonths, formatIsoDate, parseIsoDate, wholeMonthsBetween } from '@bangfu/rules';
import type { TPlacementExtension, TPostComplaint, TPostPlacement, TWelfarePost } from './posts.contract.ts';
import type { ComplaintRow, PlacementRow, PostRow } from './posts.repository.ts';

export function postSummary(r: PostRow): TWelfarePost {
  return {
    id: r.id,
    jurisdictionCode: r.jurisdictionCode,
    employer: r.employer,
    postType: r.postType,
    title: r.title,
    location: r.location,
    places: r.places,
    filled: r.filled,
    free: r.places - r.filled,
    termMonths: r.termMonths,
    postSubsidyYuan: r.postSubsidyFen / 100,
    socialInsuranceSubsidyYuan: r.socialInsuranceSubsidyFen / 100,
    fundingSource: r.fundingSource,
    status: r.status as TWelfarePost['status'],
    openedOn: r.openedOn,
  };
}

/** Subsidy months: whole months from the start to the exit (or today, at most the term end), any part month counted. */
export function placementView(p: PlacementRow, today: string): TPostPlacement {
  const end = p.endedOn ?? (today < p.termEnds ? today : p.termEnds);
  const start = parseIsoDate(p.startOn, 'startOn');
  const stop = parseIsoDate(end, 'end');
  let months = 0;
  if (end >= p.startOn) {
    months = wholeMonthsBetween(start, stop);
    if (formatIsoDate(addCalendarMonths(start, months)) <= end) months += 1;
  }
  return {
    id: p.id,
    personId: p.personId,
    postId: p.postId,
    startOn: p.startOn,
    termEnds: p.termEnds,
    placementNo: p.placementNo,
    ranking: p.ranking as TPostPlacement['ranking'],
    packRef: p.packRef,
    state: p.state as TPostPlacement['state'],
    endedOn: p.endedOn,
    exitReason: p.exitReason,
    exitNote: p.exitNote,
    extensions: p.extensions as TPlacementExtension[],
    subsidyMonths: months,
  };
}

export function complaintView(c: ComplaintRow): TPostComplaint {
  return { id: c.id, postId: c.postId, receivedOn: c.receivedOn, channel: c.channel, complainant: c.complainant, content: c.content, placementId: c.placementId, status: c.status as TPostComplaint['status'], investigation: c.investigation, decidedOn: c.decidedOn };
}
