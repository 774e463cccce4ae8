/** Employers, job postings and person–job matching (R9.2, R9.3). */
export * from './credit-code.ts';
export * from './occupations.ts';
export * from './review.ts';
export * from './matching.ts';
export * from './recommendation.ts';
