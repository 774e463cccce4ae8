CREATE TABLE "payment_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_no" text NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"policy_id" text,
	"idempotency_key" text NOT NULL,
	"state" text NOT NULL,
	"item_count" integer NOT NULL,
	"total_fen" bigint NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_on" date,
	"paid_by" uuid
);
--> statement-breakpoint
CREATE TABLE "policy_pushes" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"policy_id" text NOT NULL,
	"policy_version" text NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"notification_id" uuid,
	"service_record_id" uuid,
	"pushed_by" uuid,
	"pushed_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_pushes_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "subsidy_applications" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"application_no" text NOT NULL,
	"policy_id" text NOT NULL,
	"policy_version" text NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"beneficiary" text NOT NULL,
	"employer_code" text,
	"employer_name" text,
	"beneficiary_key" text NOT NULL,
	"period_key" text NOT NULL,
	"channel" text NOT NULL,
	"state" text NOT NULL,
	"claim" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"evaluation" jsonb NOT NULL,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"amount_fen" bigint,
	"amount_explanation" jsonb,
	"proposal" jsonb,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"rejection_reason" text,
	"batch_id" uuid,
	"paid_on" date,
	"submitted_on" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subsidy_applications_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "training_enrolments" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"state" text NOT NULL,
	"enrolled_on" date NOT NULL,
	"completed_on" date,
	"certificate_no" text,
	"service_record_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_enrolments_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "training_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"title" text NOT NULL,
	"occupation_code" text NOT NULL,
	"level" text,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"place" text NOT NULL,
	"seats" integer NOT NULL,
	"enrolled" integer DEFAULT 0 NOT NULL,
	"subsidy_eligible" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'published' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_providers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"phone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "payment_batches_key_uq" ON "payment_batches" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_batches_no_uq" ON "payment_batches" USING btree ("batch_no");--> statement-breakpoint
CREATE INDEX "payment_batches_jurisdiction_idx" ON "payment_batches" USING btree ("jurisdiction_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "policy_pushes_once_uq" ON "policy_pushes" USING btree ("person_id","policy_id","policy_version");--> statement-breakpoint
CREATE INDEX "policy_pushes_policy_idx" ON "policy_pushes" USING btree ("policy_id","policy_version");--> statement-breakpoint
CREATE UNIQUE INDEX "subsidy_applications_no_uq" ON "subsidy_applications" USING btree ("person_id","application_no");--> statement-breakpoint
CREATE UNIQUE INDEX "subsidy_applications_once_uq" ON "subsidy_applications" USING btree ("beneficiary_key","policy_id","period_key") WHERE state <> 'rejected';--> statement-breakpoint
CREATE INDEX "subsidy_applications_jurisdiction_idx" ON "subsidy_applications" USING btree ("jurisdiction_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "subsidy_applications_state_idx" ON "subsidy_applications" USING btree ("state");--> statement-breakpoint
CREATE INDEX "subsidy_applications_batch_idx" ON "subsidy_applications" USING btree ("batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_enrolments_once_uq" ON "training_enrolments" USING btree ("person_id","programme_id");--> statement-breakpoint
CREATE INDEX "training_enrolments_programme_idx" ON "training_enrolments" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "training_programmes_jurisdiction_idx" ON "training_programmes" USING btree ("jurisdiction_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "training_providers_jurisdiction_idx" ON "training_providers" USING btree ("jurisdiction_code" text_pattern_ops);