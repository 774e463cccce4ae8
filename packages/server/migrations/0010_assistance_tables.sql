CREATE TABLE "assistance_applications" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"application_no" text NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"state" text NOT NULL,
	"channel" text NOT NULL,
	"submitted_by" uuid,
	"submitted_by_name" text NOT NULL,
	"submitted_on" date NOT NULL,
	"commitment_version" text,
	"commitment_sha256" text,
	"commitment_signed_at" timestamp with time zone,
	"declared_facts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"evaluation" jsonb NOT NULL,
	"pack_ref" text NOT NULL,
	"precheck_due" date,
	"prechecked" jsonb,
	"review_due" date,
	"reviewed" jsonb,
	"notice_from" date,
	"notice_ends" date,
	"notice" jsonb,
	"recognised_on" date,
	"recognised_by" uuid,
	"card_no" text,
	"valid_until" date,
	"last_recheck_on" date,
	"next_recheck_on" date,
	"handover_assessment" jsonb,
	"rejected_on" date,
	"rejection_reason" text,
	"appeal" jsonb,
	"exited_on" date,
	"exit_reason" text,
	"exit_clause" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistance_applications_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "assistance_card_counters" (
	"county_code" varchar(12) NOT NULL,
	"year" integer NOT NULL,
	"last_serial" integer NOT NULL,
	CONSTRAINT "assistance_card_counters_county_code_year_pk" PRIMARY KEY("county_code","year")
);
--> statement-breakpoint
CREATE TABLE "assistance_events" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"on" date NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"reason" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "assistance_events_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "assistance_objections" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"raised_on" date NOT NULL,
	"objector" text NOT NULL,
	"content" text NOT NULL,
	"recorded_by" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution" text,
	"resolved_by" uuid,
	"resolved_on" date,
	CONSTRAINT "assistance_objections_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "assistance_plan_measures" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"service_type" text,
	"subsidy_type" text,
	"description" text NOT NULL,
	"target_date" date NOT NULL,
	"done_on" date,
	"service_record_id" uuid,
	"outcome" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistance_plan_measures_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "assistance_plans" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"needs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"goals" text NOT NULL,
	"responsible_worker_id" uuid NOT NULL,
	"responsible_worker_name" text NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"agreement_version" text,
	"agreement_sha256" text,
	"consent" jsonb,
	"agreed_on" date,
	"employment" jsonb,
	"closed_on" date,
	"close_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistance_plans_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "civil_affairs_referrals" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"referred_on" date NOT NULL,
	"referred_by" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"response_on" date,
	"response_note" text,
	"response_recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "civil_affairs_referrals_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "dibao_employment_adjustments" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"employed_on" date NOT NULL,
	"monthly_income_enc" text NOT NULL,
	"cost_deduction_enc" text NOT NULL,
	"cost_items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"gradual_exit_months" integer NOT NULL,
	"gradual_exit_ends" date NOT NULL,
	"pack_ref" text NOT NULL,
	"explanation" jsonb NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dibao_employment_adjustments_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "post_complaints" (
	"post_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"received_on" date NOT NULL,
	"channel" text NOT NULL,
	"complainant" text,
	"content" text NOT NULL,
	"placement_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"investigation" text,
	"investigated_by" uuid,
	"decided_on" date,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "post_complaints_post_id_id_pk" PRIMARY KEY("post_id","id")
);
--> statement-breakpoint
CREATE TABLE "post_placements" (
	"person_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"post_id" uuid NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"start_on" date NOT NULL,
	"term_ends" date NOT NULL,
	"placement_no" integer NOT NULL,
	"ranking" jsonb NOT NULL,
	"pack_ref" text NOT NULL,
	"state" text DEFAULT 'active' NOT NULL,
	"ended_on" date,
	"exit_reason" text,
	"exit_note" text,
	"extensions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"placed_by" uuid,
	"ended_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "post_placements_person_id_id_pk" PRIMARY KEY("person_id","id")
);
--> statement-breakpoint
CREATE TABLE "welfare_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"employer" text NOT NULL,
	"post_type" text NOT NULL,
	"title" text NOT NULL,
	"location" text NOT NULL,
	"places" integer NOT NULL,
	"filled" integer DEFAULT 0 NOT NULL,
	"term_months" integer NOT NULL,
	"post_subsidy_fen" integer NOT NULL,
	"social_insurance_subsidy_fen" integer NOT NULL,
	"funding_source" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_on" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zero_employment_cases" (
	"household_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"confirmed_by" uuid NOT NULL,
	"confirmed_by_name" text NOT NULL,
	"confirmed_on" date NOT NULL,
	"note" text,
	"assistance_due" date NOT NULL,
	"assistance_done_on" date,
	"assistance" jsonb,
	"pack_ref" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "zero_employment_cases_household_id_period_id_pk" PRIMARY KEY("household_id","period_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "assistance_applications_open_uq" ON "assistance_applications" USING btree ("person_id") WHERE state IN ('submitted', 'prechecked', 'public_notice', 'recognised', 'appealed');--> statement-breakpoint
CREATE UNIQUE INDEX "assistance_applications_no_uq" ON "assistance_applications" USING btree ("person_id","application_no");--> statement-breakpoint
CREATE INDEX "assistance_applications_jurisdiction_idx" ON "assistance_applications" USING btree ("jurisdiction_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "assistance_applications_state_idx" ON "assistance_applications" USING btree ("state");--> statement-breakpoint
CREATE INDEX "assistance_events_application_idx" ON "assistance_events" USING btree ("application_id","at");--> statement-breakpoint
CREATE INDEX "assistance_objections_application_idx" ON "assistance_objections" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "assistance_plan_measures_plan_idx" ON "assistance_plan_measures" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "assistance_plan_measures_open_idx" ON "assistance_plan_measures" USING btree ("target_date") WHERE done_on IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "assistance_plans_open_uq" ON "assistance_plans" USING btree ("person_id") WHERE state IN ('draft', 'agreed');--> statement-breakpoint
CREATE INDEX "assistance_plans_jurisdiction_idx" ON "assistance_plans" USING btree ("jurisdiction_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "civil_affairs_referrals_jurisdiction_idx" ON "civil_affairs_referrals" USING btree ("jurisdiction_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "post_placements_active_uq" ON "post_placements" USING btree ("person_id") WHERE state = 'active';--> statement-breakpoint
CREATE INDEX "post_placements_post_idx" ON "post_placements" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "post_placements_term_idx" ON "post_placements" USING btree ("term_ends") WHERE state = 'active';--> statement-breakpoint
CREATE INDEX "welfare_posts_jurisdiction_idx" ON "welfare_posts" USING btree ("jurisdiction_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "zero_employment_cases_jurisdiction_idx" ON "zero_employment_cases" USING btree ("jurisdiction_code" text_pattern_ops);