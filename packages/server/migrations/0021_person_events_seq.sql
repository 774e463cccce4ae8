DROP INDEX "person_events_person_at_idx";--> statement-breakpoint
ALTER TABLE "person_events" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
CREATE INDEX "person_events_person_at_idx" ON "person_events" USING btree ("person_id","at","seq");
