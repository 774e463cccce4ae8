CREATE TABLE "person_service_summary" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"services" integer[] DEFAULT '{}'::int[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worklist_items" (
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"caseworker_id" uuid,
	"due_on" date,
	"overdue_from" date,
	"visible_from" date NOT NULL,
	"visible_until" date,
	"service_type" text NOT NULL,
	"channel" text NOT NULL,
	"rule" text,
	"pack_ref" text NOT NULL,
	"rule_mask" integer DEFAULT 0 NOT NULL,
	"rule_dues" date[],
	"detail" text,
	CONSTRAINT "worklist_items_person_id_kind_pk" PRIMARY KEY("person_id","kind")
);
--> statement-breakpoint
CREATE INDEX "worklist_items_scope_idx" ON "worklist_items" USING btree ("jurisdiction_code" text_pattern_ops,"kind","due_on");