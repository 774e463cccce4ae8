CREATE TABLE "job_postings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"employer_name" text NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"address" text,
	"open" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job" text NOT NULL,
	"trigger" text NOT NULL,
	"as_of" date NOT NULL,
	"state" text NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"percent" real DEFAULT 0 NOT NULL,
	"eta_seconds" real,
	"stats" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "person_service_state" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"registration_id" uuid NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"caseworker_id" uuid,
	"pack_ref" text NOT NULL,
	"registered_on" date NOT NULL,
	"tier" text NOT NULL,
	"tier_since" date NOT NULL,
	"tier_next_change" date,
	"level" text NOT NULL,
	"class" text,
	"obligations_applicable" smallint NOT NULL,
	"obligations_met" smallint NOT NULL,
	"obligations_unmet" smallint NOT NULL,
	"obligations_overdue" smallint NOT NULL,
	"unmet_mask" integer NOT NULL,
	"overdue_mask" integer NOT NULL,
	"obligations_due_by" date,
	"follow_up_months" smallint NOT NULL,
	"follow_up_due" date,
	"follow_up_overdue" boolean NOT NULL,
	"last_contact" date,
	"first_contact_deadline" date,
	"first_contact_on" date,
	"stale" boolean NOT NULL,
	"file_verified_on" date,
	"services_count" integer NOT NULL,
	"last_service_on" date,
	"calendar_gaps" smallint DEFAULT 0 NOT NULL,
	"changed_on" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_records" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"channel" text NOT NULL,
	"served_on" date NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"registration_id" uuid,
	"worker_id" uuid,
	"worker_name" text NOT NULL,
	"office_id" uuid,
	"content" text DEFAULT '' NOT NULL,
	"posting_id" uuid,
	"posting_text" text,
	"result" text,
	"result_reason" text,
	"outcome" text,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"idempotency_key" text,
	"supersedes_id" uuid,
	"correction_reason" text,
	"voided" boolean DEFAULT false NOT NULL,
	"batch_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_records_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "service_reminders" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"jurisdiction_code" varchar(12) NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"due_on" date NOT NULL,
	"text_zh" text NOT NULL,
	"text_en" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "service_reminders_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "service_state_changes" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"on" date NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"from_value" text,
	"to_value" text,
	"text_zh" text NOT NULL,
	"text_en" text NOT NULL,
	"cause" text,
	"jurisdiction_code" varchar(12) NOT NULL,
	CONSTRAINT "service_state_changes_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE INDEX "job_postings_jurisdiction_idx" ON "job_postings" USING btree ("jurisdiction_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "job_runs_job_started_idx" ON "job_runs" USING btree ("job","started_at");--> statement-breakpoint
CREATE INDEX "person_service_state_jurisdiction_idx" ON "person_service_state" USING btree ("jurisdiction_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "person_service_state_caseworker_idx" ON "person_service_state" USING btree ("caseworker_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_records_idempotency_uq" ON "service_records" USING btree ("person_id","idempotency_key") WHERE idempotency_key IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "service_records_supersedes_uq" ON "service_records" USING btree ("person_id","supersedes_id") WHERE supersedes_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "service_records_person_served_idx" ON "service_records" USING btree ("person_id","served_on");--> statement-breakpoint
CREATE UNIQUE INDEX "service_reminders_key_uq" ON "service_reminders" USING btree ("person_id","key");--> statement-breakpoint
CREATE INDEX "service_reminders_jurisdiction_idx" ON "service_reminders" USING btree ("jurisdiction_code" text_pattern_ops) WHERE read_at IS NULL;--> statement-breakpoint
CREATE INDEX "service_state_changes_person_on_idx" ON "service_state_changes" USING btree ("person_id","on");