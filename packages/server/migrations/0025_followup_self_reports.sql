CREATE TABLE "self_reports" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"note" text,
	"applications" integer,
	"interviews" integer,
	"employer_name" text,
	"started_on" date,
	"employment_type" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"employment_id" uuid,
	CONSTRAINT "self_reports_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "reunemployed_after_employment_id" uuid;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "reunemployed_source" text;--> statement-breakpoint
CREATE INDEX "self_reports_jurisdiction_idx" ON "self_reports" USING btree ("jurisdiction_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "self_reports_pending_idx" ON "self_reports" USING btree ("jurisdiction_code" text_pattern_ops,"created_at") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "self_reports_id_idx" ON "self_reports" USING btree ("id");--> statement-breakpoint
CREATE INDEX "registrations_reunemployed_idx" ON "registrations" USING btree ("jurisdiction_code" text_pattern_ops) WHERE state = 'active' AND reunemployed_after_employment_id IS NOT NULL;