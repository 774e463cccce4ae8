/**
 * Code lists shared by packs, evaluators and the evaluate input (spec CODES.md — a public contract, spelled as
 * written there). `assistance_plan` is the one service type added here: XC23 三(二)1 Level II ("一人一策") and
 * MOH 三(四) require a personal plan, and it must be countable like any other service.
 */
export const EMPLOYMENT_STATUSES = ['unemployed', 'employed', 'flexible', 'self_employed', 'student', 'military', 'retired', 'unable', 'other'] as const;
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

export const REGISTRATION_KINDS = ['unemployment', 'job_seeking'] as const;
export type RegistrationKind = (typeof REGISTRATION_KINDS)[number];

export const PLACE_BASES = ['residence', 'hukou', 'insured', 'employment'] as const;
export type PlaceBasis = (typeof PLACE_BASES)[number];

export const DEREGISTRATION_REASONS = [
  'pension',
  'hired',
  'self_employed',
  'enrolled',
  'military',
  'emigrated',
  'incapacitated',
  'imprisoned',
  'deceased',
  'other_statutory',
  'refused_services_3_times',
  'no_contact_6_months',
] as const;
export type DeregistrationReason = (typeof DEREGISTRATION_REASONS)[number];

export const INTENTIONS = ['employment', 'training', 'entrepreneurship', 'unclear', 'other'] as const;
export type Intention = (typeof INTENTIONS)[number];

export const TIERS = ['short', 'medium', 'long'] as const;
export type Tier = (typeof TIERS)[number];

export const LEVELS = ['level1', 'level2'] as const;
export type Level = (typeof LEVELS)[number];

export const MARKS = [
  'difficulty',
  'zero_employment_family',
  'graduate_unemployed',
  'poverty_alleviated',
  'migrant_worker',
  'veteran',
  'disabled',
  'low_income',
  'dibao',
  'social_assistance',
  'land_lost',
  'older',
  'long_term_unemployed',
] as const;
export type Mark = (typeof MARKS)[number];

export const SERVICE_TYPES = [
  'registration_service',
  'information_service',
  'policy_service',
  'business_service',
  'career_guidance',
  'job_recommendation',
  'training_recommendation',
  'policy_briefing',
  'job_search_skills',
  'entrepreneurship_service',
  'counselling',
  'job_tasting',
  'internship',
  'recruitment_event',
  'public_welfare_post',
  'follow_up',
  'referral_civil_affairs',
  'assistance_plan',
  'other',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const CHANNELS = ['in_person', 'home_visit', 'phone', 'sms', 'online', 'data_comparison'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LABOR_CAPACITIES = ['full', 'partial', 'none'] as const;
export type LaborCapacity = (typeof LABOR_CAPACITIES)[number];
