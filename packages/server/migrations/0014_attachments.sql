CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"content_enc" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "attachments_person_idx" ON "attachments" USING btree ("person_id","sha256");--> statement-breakpoint
-- Attachments are evidence: never changed or deleted (a wrong file is superseded by citing another).
CREATE OR REPLACE FUNCTION bangfu_attachments_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'attachments are append-only (附件只允许追加，不可修改或删除)';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER attachments_no_update BEFORE UPDATE OR DELETE ON attachments
  FOR EACH ROW EXECUTE FUNCTION bangfu_attachments_append_only();
