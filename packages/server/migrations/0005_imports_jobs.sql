CREATE TABLE "import_file_chunks" (
	"job_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "import_file_chunks_job_id_seq_pk" PRIMARY KEY("job_id","seq")
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"content_sha256" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"encoding" text,
	"state" text NOT NULL,
	"headers" jsonb NOT NULL,
	"mapping" jsonb NOT NULL,
	"total_rows" integer,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"accepted_rows" integer DEFAULT 0 NOT NULL,
	"rejected_rows" integer DEFAULT 0 NOT NULL,
	"created_persons" integer DEFAULT 0 NOT NULL,
	"updated_persons" integer DEFAULT 0 NOT NULL,
	"unchanged_rows" integer DEFAULT 0 NOT NULL,
	"created_registrations" integer DEFAULT 0 NOT NULL,
	"error" jsonb,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"run_started_at" timestamp with time zone,
	"run_started_row" integer,
	"lease_owner" text,
	"lease_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_rejections" (
	"job_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"issues" jsonb NOT NULL,
	"label" text,
	"row_enc" text,
	CONSTRAINT "import_rejections_job_id_row_no_pk" PRIMARY KEY("job_id","row_no")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "import_jobs_content_uq" ON "import_jobs" USING btree ("content_sha256","kind","jurisdiction_code") WHERE state NOT IN ('failed', 'cancelled');--> statement-breakpoint
CREATE INDEX "import_jobs_jurisdiction_idx" ON "import_jobs" USING btree ("jurisdiction_code" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "import_jobs_active_idx" ON "import_jobs" USING btree ("state") WHERE state IN ('queued', 'running');