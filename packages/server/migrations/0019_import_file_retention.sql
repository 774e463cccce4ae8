ALTER TABLE "import_file_chunks" ADD COLUMN "encrypted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "report_purged_at" timestamp with time zone;