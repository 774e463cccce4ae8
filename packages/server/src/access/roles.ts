/**
 * Roles and what each may do — the one place where access rules live (like Ant Design Pro's access.ts).
 * Jurisdiction scope is separate (scope.ts): a permission says *what*, the scope says *where*.
 */
export const ROLES = ['citizen', 'caseworker', 'operator', 'supervisor', 'partner', 'employer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'person.read', // lists and masked files
  'person.reveal', // full ID number / phone, audited with a reason
  'person.write',
  'org.read', // jurisdictions, offices, counts
  'audit.read',
  'evaluate.run', // what-if evaluation of rule packs
  'rules.read',
  'user.manage',
  'registration.read', // registrations, worklists, certificates in the user's subtree
  'registration.write', // register, first contact, deregister, employment registration
  'self.service', // citizen portal: own registration, status and certificate
  'import.read', // bulk import jobs, their progress and rejection reports in the user's subtree
  'import.write', // upload files, fix the column mapping, start and cancel imports
  'person.merge', // merge a duplicate file into another (operator)
  'person.hidden.read', // include files hidden after a deletion request or a merge
  'person.deletion_request', // record a deletion request (the citizen for their own file, or staff)
  'household.read',
  'household.write',
  'settings.write', // e.g. the staleness age of the four clears
  'comparison.read', // comparison runs, findings and rates in the user's subtree
  'comparison.runs', // comparison runs: dataset schemas, progress, counts, rejected rows (without comparison.read: only the runs one uploaded)
  'comparison.upload', // upload partner files for data comparison, start and cancel runs
  'comparison.review', // confirm or dismiss comparison findings (applies the proposed action)
  'service.read', // service records, service state, diary and printables in the user's subtree
  'service.write', // record, correct and bulk-record services; job postings
  'worklist.read', // the caseworker worklist and reminders
  'compliance.read', // compliance rates per jurisdiction and the people behind them
  'jobs.run', // run the nightly recomputation now, see job runs
  'assistance.read', // recognition applications, notices, candidates, plans, zero-employment families
  'assistance.apply', // apply on a person's behalf, appeal, confirm zero-employment families
  'assistance.precheck', // community pre-check, notice objections, periodic re-check
  'assistance.review', // county review, objection resolution, exit
  'assistance.recognise', // recognition after the notice (card, difficulty mark)
  'assistance.plan', // personal plans and agreements, hand-over assessment
  'post.read', // public-welfare posts, candidates, alerts; record complaints
  'post.write', // register posts, open/close
  'post.place', // placements, extensions, exits
  'post.supervise', // investigate complaints, remove people placed in breach
  'referral.read', // civil-affairs referrals, 低保 employment records
  'referral.write',
  'employer.read', // employers in the area (an employer account: its own)
  'employer.write', // register and edit employers (an employer account: its own, without the office's flags)
  'employer.activate', // activate employers and accounts that signed up
  'job.read', // job postings (an employer account: its own), occupations
  'job.write', // create, edit and submit postings; withdraw, mark filled
  'job.review', // review postings for forbidden conditions and publish them
  'job.match', // matches for a person, candidates for a posting, job-seeking preferences
  'job.recommend', // recommend postings to a person (a job_recommendation service)
  'job.result', // follow a recommendation's result (caseworker; employer for its referrals; citizen for own)
  'messages.read', // the outbox: states, failures, counts, the SMS sink, letter batches
  'messages.manage', // resend, template wordings, letter batches printed/posted, deliver now
  'policy.read', // policy catalogue, a person's policies, candidates (免申即享 / 政策找人)
  'policy.push', // push a policy to its candidates; export candidates
  'subsidy.apply', // subsidy applications on a person's or employer's behalf
  'subsidy.review', // maker–checker review of subsidy applications
  'subsidy.pay', // payment batches: export the bank file, mark paid
  'subsidy.supervise', // fund supervision: totals by policy, jurisdiction and month
  'training.read', // providers, programmes, enrolments
  'training.write', // publish programmes, enrol, complete
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  citizen: ['person.read', 'self.service', 'person.deletion_request', 'job.result'],
  caseworker: ['person.read', 'person.reveal', 'person.write', 'org.read', 'rules.read', 'registration.read', 'registration.write', 'import.read', 'import.write', 'person.deletion_request', 'household.read', 'household.write', 'comparison.read', 'comparison.runs', 'comparison.review', 'service.read', 'service.write', 'worklist.read', 'assistance.read', 'assistance.apply', 'assistance.precheck', 'assistance.plan', 'post.read', 'referral.read', 'referral.write', 'employer.read', 'employer.write', 'job.read', 'job.write', 'job.match', 'job.recommend', 'job.result', 'policy.read', 'subsidy.apply', 'training.read', 'training.write'],
  operator: [
    'person.read',
    'person.reveal',
    'person.write',
    'org.read',
    'evaluate.run',
    'rules.read',
    'registration.read',
    'registration.write',
    'import.read',
    'import.write',
    'person.merge',
    'person.hidden.read',
    'person.deletion_request',
    'household.read',
    'household.write',
    'comparison.read',
    'comparison.runs',
    'comparison.upload',
    'comparison.review',
    'service.read',
    'service.write',
    'worklist.read',
    'compliance.read',
    'jobs.run',
    'assistance.read',
    'assistance.apply',
    'assistance.precheck',
    'assistance.review',
    'assistance.recognise',
    'assistance.plan',
    'post.read',
    'post.write',
    'post.place',
    'post.supervise',
    'referral.read',
    'referral.write',
    'employer.read',
    'employer.write',
    'employer.activate',
    'job.read',
    'job.write',
    'job.review',
    'job.match',
    'job.recommend',
    'job.result',
    'messages.read',
    'messages.manage',
    'policy.read',
    'policy.push',
    'subsidy.apply',
    'subsidy.review',
    'subsidy.pay',
    'subsidy.supervise',
    'training.read',
    'training.write',
  ],
  supervisor: ['person.read', 'person.reveal', 'org.read', 'audit.read', 'evaluate.run', 'rules.read', 'registration.read', 'import.read', 'person.hidden.read', 'household.read', 'settings.write', 'comparison.read', 'comparison.runs', 'service.read', 'worklist.read', 'compliance.read', 'assistance.read', 'post.read', 'post.supervise', 'referral.read', 'employer.read', 'job.read', 'job.match', 'messages.read', 'policy.read', 'subsidy.supervise', 'training.read'],
  partner: ['org.read', 'comparison.runs', 'comparison.upload'],
  employer: ['org.read', 'employer.read', 'employer.write', 'job.read', 'job.write', 'job.result'],
  admin: ['person.read', 'org.read', 'audit.read', 'evaluate.run', 'rules.read', 'user.manage', 'settings.write', 'jobs.run'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
