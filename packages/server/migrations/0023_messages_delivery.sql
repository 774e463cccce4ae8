CREATE TABLE "letter_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"letters" integer NOT NULL,
	"state" text DEFAULT 'created' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"printed_at" timestamp with time zone,
	"posted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "message_opt_outs" (
	"person_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_opt_outs_person_id_channel_pk" PRIMARY KEY("person_id","channel")
);
--> statement-breakpoint
CREATE TABLE "message_receipts" (
	"provider_message_id" text NOT NULL,
	"status" text NOT NULL,
	"err_code" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "message_receipts_provider_message_id_status_pk" PRIMARY KEY("provider_message_id","status")
);
--> statement-breakpoint
CREATE TABLE "message_templates" (
	"jurisdiction_code" varchar(12) NOT NULL,
	"template_id" text NOT NULL,
	"text_zh" text NOT NULL,
	"sms_template_code" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_templates_jurisdiction_code_template_id_pk" PRIMARY KEY("jurisdiction_code","template_id")
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "urgent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "provider" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "provider_message_id" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "held_reason" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "letter_batch_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "printed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "posted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "digest_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "rendered_text" text;--> statement-breakpoint
CREATE INDEX "notifications_due_idx" ON "notifications" USING btree ("next_attempt_at") WHERE state IN ('pending', 'sending');--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_uq" ON "notifications" USING btree ("person_id","dedupe_key") WHERE dedupe_key IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_provider_id_uq" ON "notifications" USING btree ("provider_message_id") WHERE provider_message_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_created_idx" ON "notifications" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("recipient_user_id") WHERE recipient_user_id IS NOT NULL;