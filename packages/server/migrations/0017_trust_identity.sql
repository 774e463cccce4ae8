CREATE TABLE "activation_codes" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"issued_by" uuid NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "activation_codes_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "identity_verified" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "identity_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "identity_verified_by" uuid;--> statement-breakpoint
CREATE INDEX "activation_codes_person_idx" ON "activation_codes" USING btree ("person_id","issued_at");--> statement-breakpoint
CREATE INDEX "persons_hidden_idx" ON "persons" USING btree ("id") WHERE hidden_at IS NOT NULL;