CREATE TABLE "employment_registrations" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"employer_name" text NOT NULL,
	"employer_credit_code" varchar(18),
	"started_on" date NOT NULL,
	"type" text NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"ended_registration_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employment_registrations_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"template_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"subject" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "notifications_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "registration_counters" (
	"division_code" varchar(12) NOT NULL,
	"year" integer NOT NULL,
	"last_serial" integer NOT NULL,
	CONSTRAINT "registration_counters_division_code_year_pk" PRIMARY KEY("division_code","year")
);
--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "channel" text DEFAULT 'offline' NOT NULL;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "applied_on" date;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "commitment_version" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "commitment_sha256" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "commitment_signed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "unemployment_reason" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "skills" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "intention" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "marks" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "ui_benefit_eligible" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "ui_benefit_max_months" integer;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "pack_ref" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "eligibility" jsonb;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "offered_instead" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "decision_deadline" date;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "first_contact_deadline" date;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "deadline_explanations" jsonb;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "first_contact_on" date;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "first_contact_channel" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "first_contact_note" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "first_contact_by" uuid;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "caseworker_id" uuid;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "period" integer;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "deregistration_rule" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "deregistration_note" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "deregistration_source" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "deregistered_by" uuid;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "ended_by_employment_id" uuid;--> statement-breakpoint
CREATE INDEX "employment_registrations_jurisdiction_idx" ON "employment_registrations" USING btree ("jurisdiction_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "notifications_pending_idx" ON "notifications" USING btree ("next_attempt_at") WHERE state IN ('pending', 'sent');--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_one_active_uq" ON "registrations" USING btree ("person_id","kind") WHERE state = 'active';--> statement-breakpoint
CREATE INDEX "registrations_first_contact_idx" ON "registrations" USING btree ("first_contact_deadline") WHERE state = 'active' AND first_contact_on IS NULL;