// Named views of the generated contract (schema.d.ts ← openapi.json ← the server's zod schemas): each type is the
// answer or body of an operation, or a part of one. Nothing here repeats a field; change the server's schema and
// run `npm run contract`. Code lists come from codes.ts, generated from the document's components.
import * as codes from './codes.ts';
import type { Body, Ok } from './contract.ts';
import type { components } from './schema.d.ts';

type Item<T extends { items: readonly unknown[] }> = T['items'][number];
type Code<N extends keyof components['schemas']> = components['schemas'][N];

// ---- Code lists -------------------------------------------------------------------------------------------------
export const ROLES = codes.Role;
export type Role = Code<'Role'>;
export const LEVELS = codes.DivisionLevel;
export type Level = Code<'DivisionLevel'>;
export const MARKS = codes.Mark;
/** `older` and `long_term_unemployed` are derived (CODES.md): never entered by hand. */
export const ENTERABLE_MARKS = MARKS.filter((m) => m !== 'older' && m !== 'long_term_unemployed');
export const EMPLOYMENT_STATUSES = codes.EmploymentStatus;
export const TIERS = codes.Tier;
export const SERVICE_LEVELS = codes.ServiceLevel;
export const LABOR_CAPACITIES = codes.LaborCapacity;
export const INTENTIONS = codes.Intention;
export const EDUCATION_LEVELS = codes.EducationLevel;
export const RELATIONSHIPS = codes.Relationship;
export const FACT_SOURCES = codes.FactSource;
export type FactSource = Code<'FactSource'>;
export const CLEARS = codes.Clear;
export type Clear = Code<'Clear'>;
export const PLACE_BASES = codes.PlaceBasis;
export type PlaceBasis = Code<'PlaceBasis'>;
export const DEREGISTRATION_REASONS = codes.DeregistrationReason;
export type DeregistrationReason = Code<'DeregistrationReason'>;
export const UNEMPLOYMENT_REASONS = codes.UnemploymentReason;
export const REGISTRATION_MARKS = codes.RegistrationMark;
export const CONTACT_CHANNELS = codes.ContactChannel;
export type ContactChannel = Code<'ContactChannel'>;
export const EMPLOYMENT_TYPES = codes.EmploymentType;
export type EmploymentType = Code<'EmploymentType'>;
export const SERVICE_TYPES = codes.ServiceType;
export const AUDIT_OUTCOMES = codes.AuditOutcome;
export type AuditOutcome = Code<'AuditOutcome'>;
export const IMPORT_KINDS = codes.ImportKind;
export type ImportKind = Code<'ImportKind'>;
export const JOB_RESULTS = codes.JobResult;
export type JobResult = Code<'JobResult'>;
export const WORK_KINDS = codes.WorkKind;
export type WorkKind = Code<'WorkKind'>;
export const COMPLIANCE_MEASURES = codes.ComplianceMeasure;
export type ComplianceMeasure = Code<'ComplianceMeasure'>;
export const PRINTABLE_KINDS = codes.PrintableKind;
export type PrintableKind = Code<'PrintableKind'>;
export type PostExitReason = Code<'PostExitReason'>;
export type ComplaintChannel = Code<'ComplaintChannel'>;
export type ReferralKind = Code<'ReferralKind'>;
export type ReferralStatus = Code<'ReferralStatus'>;

// ---- Foundation: session, jurisdictions, dashboard, offices, audit -----------------------------------------------
export type Session = Ok<'/api/auth/me', 'get'>;
export type Me = Session['user'];
export type Health = Ok<'/api/health', 'get'>;
export type JurisdictionWithPath = Ok<'/api/v1/jurisdictions/{code}', 'get'>;
export type Jurisdiction = Item<Ok<'/api/v1/jurisdictions/{code}/children', 'get'>>;
export type Dashboard = Ok<'/api/v1/dashboard', 'get'>;
export type DashboardCounts = Dashboard['counts'];
export type Office = Item<Ok<'/api/v1/offices', 'get'>>;
export type AuditPage = Ok<'/api/v1/audit', 'get'>;
export type AuditEntry = Item<AuditPage>;

// ---- Person files, households, registrations, citizen portal, imports --------------------------------------------
export type PersonListItemEx = Item<Ok<'/api/v1/persons', 'get'>>;
export type PersonFile = Ok<'/api/v1/persons/{id}', 'get'>;
export type Place = NonNullable<PersonFile['residence']>;
export type Skill = PersonFile['skills'][number];
export type Certificate = PersonFile['certificates'][number];
export type WorkHistoryEntry = PersonFile['workHistory'][number];
export type MarkRecord = PersonFile['markHistory'][number];
export type FourClears = PersonFile['fourClears'];
export type ClearState = FourClears['headcount'];
export type PersonCreated = Ok<'/api/v1/persons', 'post'>;
export type PossibleDuplicate = Item<Ok<'/api/v1/persons/{id}/duplicates', 'get'>>;
export type PersonEvent = Item<Ok<'/api/v1/persons/{id}/history', 'get'>>;
export type Revealed = Ok<'/api/v1/persons/{id}/reveal', 'post'>;
export type PersonCreateBody = Body<'/api/v1/persons', 'post'>;
export type PersonUpdateBody = Body<'/api/v1/persons/{id}', 'patch'>;
export type PlaceInput = PersonCreateBody['residence'];
export type MarkInput = Body<'/api/v1/persons/{id}/marks', 'post'>;
export type Household = Ok<'/api/v1/households/{id}', 'get'>;
export type HouseholdMember = Household['members'][number];
export type HouseholdPeriod = Household['periods'][number];
export type Explanation = Eligibility['explanations'][number];
export type Eligibility = Ok<'/api/v1/persons/{personId}/registrations/eligibility', 'post'>;
export type EligibilityReason = Eligibility['reasons'][number];
export type RegistrationFacts = Body<'/api/v1/persons/{personId}/registrations/eligibility', 'post'>;
export type RegistrationCreated = Ok<'/api/v1/persons/{personId}/registrations', 'post'>;
export type Registration = RegistrationCreated['registration'];
export type OfficeRef = NonNullable<Registration['office']>;
export type CommitmentText = Ok<'/api/v1/registration-commitment', 'get'>['current'];
export type Worklist = Ok<'/api/v1/registrations', 'get'>;
export type WorklistItem = Item<Worklist>;
export type Deregistered = Ok<'/api/v1/registrations/{id}/deregister', 'post'>;
export type Employment = Item<Ok<'/api/v1/persons/{personId}/employment', 'get'>>;
export type CitizenStatus = Ok<'/api/v1/me/status', 'get'>;
export type Explained = NonNullable<NonNullable<CitizenStatus['tier']>['explanation']>;
export type PublicOffice = Ok<'/api/citizen/offices/{id}', 'get'>;
export type ImportJob = Ok<'/api/v1/imports/{id}', 'get'>;
export type ImportMappingEntry = ImportJob['mapping'][number];
export type ImportRejection = Item<Ok<'/api/v1/imports/{id}/rejections', 'get'>>;
export type Attachment = Item<Ok<'/api/v1/persons/{personId}/attachments', 'get'>>;

// ---- Daily service work: services, service state, worklist, compliance, diary ------------------------------------
export type ServiceBody = Body<'/api/v1/persons/{id}/services', 'post'>;
export type BulkServiceBody = Body<'/api/v1/services/bulk', 'post'>;
export type ServiceCreated = Ok<'/api/v1/persons/{id}/services', 'post'>;
export type ServiceRecord = ServiceCreated['record'];
export type ServiceState = Ok<'/api/v1/persons/{id}/service-state', 'get'>;
export type Obligation = ServiceState['obligations'][number];
export type BulkCreated = Ok<'/api/v1/services/bulk', 'post'>;
export type JobPosting = Item<Ok<'/api/v1/job-postings', 'get'>>;
export type Diary = Ok<'/api/v1/persons/{id}/diary', 'get'>;
export type DiaryEntry = Diary['entries'][number];
export type DueWorklist = Ok<'/api/v1/worklist', 'get'>;
export type WorkItem = DueWorklist['groups'][number]['items'][number];
export type OwedService = NonNullable<WorkItem['obligations']>[number];
export type ComplianceSummary = Ok<'/api/v1/compliance', 'get'>;
export type ComplianceRow = ComplianceSummary['total'];
export type CompliancePeople = Ok<'/api/v1/compliance/people', 'get'>;
export type CompliancePerson = Item<CompliancePeople>;

// ---- Data comparison ---------------------------------------------------------------------------------------------
export type DatasetSpec = Item<Ok<'/api/v1/comparison/datasets', 'get'>>;
export type ComparisonRun = Ok<'/api/v1/comparison/runs/{id}', 'get'>;
export type ComparisonSummary = Ok<'/api/v1/comparison/summary', 'get'>;
export type Finding = Ok<'/api/v1/comparison/findings/{id}', 'get'>;
export type FindingPage = Ok<'/api/v1/comparison/findings', 'get'>;

// ---- Employment assistance: recognition, notices, candidates, plans, zero-employment families ---------------------
export type SignedText = Ok<'/api/v1/assistance-commitment', 'get'>['current'];
export type DifficultyEvaluation = Ok<'/api/v1/persons/{personId}/assistance/evaluate', 'post'>;
export type DifficultyCategory = DifficultyEvaluation['categories'][number];
export type DeclaredFacts = NonNullable<Body<'/api/v1/persons/{personId}/assistance/evaluate', 'post'>['facts']>;
export type AssistanceWorklist = Ok<'/api/v1/assistance/worklist', 'get'>;
export type AssistanceTask = Item<AssistanceWorklist>;
export type ResponsibleWorker = Item<Ok<'/api/v1/persons/{personId}/assistance-workers', 'get'>>;
export type Tri = DifficultyEvaluation['eligible'];
export type DecisionExplanation = DifficultyEvaluation['explanations'][number];
export type ApplicationPage = Ok<'/api/v1/assistance-applications', 'get'>;
/** An application as listed (with the person's name and masked ID number). */
export type ApplicationSummary = Item<ApplicationPage>;
export type AssistanceApplication = Ok<'/api/v1/assistance-applications/{id}', 'get'>;
export type ApplicationState = AssistanceApplication['state'];
export type AllowedAction = AssistanceApplication['allowedActions'][number];
export type AssistanceAction = AllowedAction['action'];
export type AssistanceEvent = AssistanceApplication['events'][number];
export type Objection = AssistanceApplication['objections'][number];
export type ExitGround = AssistanceApplication['exitGrounds'][number];
export type AssistanceExitReason = ExitGround['reason'];
export type NoticePage = Ok<'/api/v1/assistance/notices', 'get'>;
export type NoticeItem = Item<NoticePage>;
export type CandidatePage = Ok<'/api/v1/assistance/candidates', 'get'>;
export type AssistanceCandidate = Item<CandidatePage>;
export type AssistancePlan = Ok<'/api/v1/assistance-plans/{id}', 'get'>;
export type PlanMeasure = AssistancePlan['measures'][number];
export type MeasureInput = Body<'/api/v1/assistance-plans/{id}/measures', 'post'>['measures'][number];
export type OverdueMeasures = Ok<'/api/v1/assistance-plans/overdue', 'get'>;
export type OverdueMeasure = Item<OverdueMeasures>;
export type ZeroEmploymentLive = Ok<'/api/v1/assistance/zero-employment', 'get'>;
export type ZeroEmploymentFamily = Item<ZeroEmploymentLive>;

// ---- Public-welfare posts and the social-assistance linkage ------------------------------------------------------
export type WelfarePost = Item<Ok<'/api/v1/posts', 'get'>>;
export type WelfarePostDetail = Ok<'/api/v1/posts/{id}', 'get'>;
export type PostPlacement = Ok<'/api/v1/posts/{id}/placements', 'post'>;
/** A placement as listed with its post (with the person's name). */
export type ListedPlacement = WelfarePostDetail['placements'][number];
export type PostComplaint = Ok<'/api/v1/posts/{id}/complaints', 'post'>;
export type PostCandidates = Ok<'/api/v1/posts/{id}/candidates', 'get'>;
export type PostCandidate = Item<PostCandidates>;
export type PostInput = Body<'/api/v1/posts', 'post'>;
export type PlacementExtension = PostPlacement['extensions'][number];
export type ExtensionPreview = Ok<'/api/v1/post-placements/{placementId}/extension', 'get'>;
export type PostAlerts = Ok<'/api/v1/posts/alerts', 'get'>;
export type Investigated = Ok<'/api/v1/posts/{id}/complaints/{complaintId}/investigate', 'post'>;
export type CivilAffairsReferral = Ok<'/api/v1/persons/{personId}/civil-affairs-referrals', 'post'>;
export type ReferralPage = Ok<'/api/v1/civil-affairs-referrals', 'get'>;
export type ListedReferral = Item<ReferralPage>;
export type DibaoEmployment = Ok<'/api/v1/persons/{personId}/dibao-employment', 'post'>;
export type SocialAssistance = Ok<'/api/v1/persons/{personId}/social-assistance', 'get'>;
