CREATE TABLE "comparison_findings" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"category" text NOT NULL,
	"dataset_kind" text NOT NULL,
	"rule" text NOT NULL,
	"evidence_key" text NOT NULL,
	"proposed_action" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	"criteria" jsonb,
	"state" text DEFAULT 'pending' NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"registration_id" uuid,
	"person_known" boolean DEFAULT true NOT NULL,
	"subject" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"dismiss_reason" text,
	"applied" jsonb,
	"as_of" date,
	CONSTRAINT "comparison_findings_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "comparison_mappings" (
	"partner" text NOT NULL,
	"dataset_kind" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comparison_mappings_partner_dataset_kind_pk" PRIMARY KEY("partner","dataset_kind")
);
--> statement-breakpoint
CREATE TABLE "comparison_rejected_rows" (
	"run_id" uuid NOT NULL,
	"row_no" bigint NOT NULL,
	"reasons" jsonb NOT NULL,
	"id_masked" text,
	"row_enc" text,
	CONSTRAINT "comparison_rejected_rows_run_id_row_no_pk" PRIMARY KEY("run_id","row_no")
);
--> statement-breakpoint
CREATE TABLE "comparison_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dataset_kind" text NOT NULL,
	"partner" text NOT NULL,
	"file_name" text,
	"format" text,
	"encoding" text,
	"content_sha256" text,
	"size_bytes" bigint,
	"file_path" text,
	"state" text NOT NULL,
	"phase" text,
	"progress" jsonb,
	"headers" jsonb,
	"mapping" jsonb,
	"options" jsonb,
	"rows_read" bigint DEFAULT 0 NOT NULL,
	"rows_valid" bigint DEFAULT 0 NOT NULL,
	"rows_rejected" bigint DEFAULT 0 NOT NULL,
	"registrants" integer DEFAULT 0 NOT NULL,
	"matches" bigint DEFAULT 0 NOT NULL,
	"findings_created" integer DEFAULT 0 NOT NULL,
	"timings" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" jsonb,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"lease_owner" text,
	"lease_until" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "comparison_findings_key_uq" ON "comparison_findings" USING btree ("person_id","dataset_kind","rule","evidence_key");--> statement-breakpoint
CREATE INDEX "comparison_findings_jurisdiction_idx" ON "comparison_findings" USING btree ("jurisdiction_code" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "comparison_findings_run_idx" ON "comparison_findings" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "comparison_findings_id_idx" ON "comparison_findings" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "comparison_runs_content_uq" ON "comparison_runs" USING btree ("content_sha256","dataset_kind","jurisdiction_code") WHERE state NOT IN ('failed', 'cancelled') AND content_sha256 IS NOT NULL;--> statement-breakpoint
CREATE INDEX "comparison_runs_jurisdiction_idx" ON "comparison_runs" USING btree ("jurisdiction_code" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "comparison_runs_active_idx" ON "comparison_runs" USING btree ("state") WHERE state IN ('queued', 'running');