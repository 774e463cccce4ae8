DROP INDEX "person_events_person_at_idx";--> statement-breakpoint
ALTER TABLE "person_events" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
CREATE INDEX "person_events_person_at_idx" ON "person_events" USING btree ("person_id","at","seq");--> statement-breakpoint
-- A bulk insert that names every column (the import's json_populate_recordset) passes NULL for seq: number it too.
CREATE OR REPLACE FUNCTION bangfu_person_events_seq_fill() RETURNS trigger AS $$
BEGIN
  IF NEW.seq IS NULL THEN
    NEW.seq := nextval(pg_get_serial_sequence('person_events', 'seq'));
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER person_events_seq_fill BEFORE INSERT ON person_events
  FOR EACH ROW EXECUTE FUNCTION bangfu_person_events_seq_fill();
