DROP INDEX "assistance_events_application_idx";--> statement-breakpoint
ALTER TABLE "assistance_events" ADD COLUMN "seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "assistance_plans" ADD COLUMN "responsible_history" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "assistance_events_application_idx" ON "assistance_events" USING btree ("application_id","seq","at");