CREATE TABLE "household_zero_employment_periods" (
	"household_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_by" jsonb NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" jsonb,
	CONSTRAINT "household_zero_employment_periods_household_id_id_pk" PRIMARY KEY("household_id","id")
);
--> statement-breakpoint
CREATE TABLE "person_events" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"kind" text NOT NULL,
	"source" text,
	"reason" text,
	"change" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"snapshot" jsonb NOT NULL,
	"merged_from" uuid,
	CONSTRAINT "person_events_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "business_income" boolean;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "zero_employment" text;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "person_marks" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "person_marks" ADD COLUMN "ended_by" uuid;--> statement-breakpoint
ALTER TABLE "person_marks" ADD COLUMN "end_source" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "merged_into" uuid;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "hukou_address" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "insured_code" varchar(12);--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "insured_address" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "workplace_code" varchar(12);--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "workplace_address" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "skills" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "certificates" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "work_history" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "service_needs" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "clears" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "income_enc" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
CREATE INDEX "hzep_open_jurisdiction_idx" ON "household_zero_employment_periods" USING btree ("jurisdiction_code" text_pattern_ops) WHERE ended_at IS NULL;--> statement-breakpoint
CREATE INDEX "person_events_person_at_idx" ON "person_events" USING btree ("person_id","at");