CREATE TABLE "employer_accounts" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"employer_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"credit_code" varchar(18) NOT NULL,
	"name" text NOT NULL,
	"industry" text NOT NULL,
	"size" text NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"address" text NOT NULL,
	"contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"key_enterprise" boolean DEFAULT false NOT NULL,
	"internship_unit" boolean DEFAULT false NOT NULL,
	"employment_base" boolean DEFAULT false NOT NULL,
	"service_officer" text,
	"state" text DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_recommendations" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"posting_id" uuid NOT NULL,
	"employer_id" uuid,
	"service_record_id" uuid,
	"jurisdiction_code" varchar(12) NOT NULL,
	"state" text DEFAULT 'recommended' NOT NULL,
	"reason" text,
	"score" real,
	"factors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"employment_id" uuid,
	"recommended_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_recommendations_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "occupations" (
	"code" varchar(10) PRIMARY KEY NOT NULL,
	"level" smallint NOT NULL,
	"name" text NOT NULL,
	"aliases" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_job_preferences" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"occupation_codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"past_occupation_codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"pay_min" integer,
	"hours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"experience_years" integer,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "employer_id" uuid;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "occupation_code" varchar(10);--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "openings" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "filled" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "pay_min" integer;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "pay_max" integer;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "hours" text DEFAULT 'full_time' NOT NULL;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "education" text;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "experience_years" integer;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "skills" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "gig" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "internship" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "age_friendly" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "disability_suitable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "age_justification" text;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "valid_from" date;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "valid_to" date;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "state" text DEFAULT 'published' NOT NULL;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "review" jsonb;--> statement-breakpoint
ALTER TABLE "job_postings" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "employers_credit_code_uq" ON "employers" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "employers_jurisdiction_idx" ON "employers" USING btree ("jurisdiction_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "job_recommendations_person_posting_uq" ON "job_recommendations" USING btree ("person_id","posting_id");--> statement-breakpoint
CREATE INDEX "job_recommendations_id_idx" ON "job_recommendations" USING btree ("id");--> statement-breakpoint
CREATE INDEX "job_recommendations_posting_idx" ON "job_recommendations" USING btree ("posting_id");--> statement-breakpoint
CREATE INDEX "job_recommendations_employer_idx" ON "job_recommendations" USING btree ("employer_id");--> statement-breakpoint
CREATE INDEX "job_recommendations_jurisdiction_idx" ON "job_recommendations" USING btree ("jurisdiction_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "job_postings_employer_idx" ON "job_postings" USING btree ("employer_id");--> statement-breakpoint
CREATE INDEX "job_postings_published_idx" ON "job_postings" USING btree ("jurisdiction_code" text_pattern_ops) WHERE state = 'published';--> statement-breakpoint
CREATE INDEX "job_postings_occupation_idx" ON "job_postings" USING btree ("occupation_code" text_pattern_ops) WHERE state = 'published';