ALTER TABLE "comparison_mappings" ADD COLUMN "jurisdiction_code" varchar(12) DEFAULT '000000000000' NOT NULL;--> statement-breakpoint
ALTER TABLE "comparison_mappings" DROP CONSTRAINT "comparison_mappings_partner_dataset_kind_pk";--> statement-breakpoint
ALTER TABLE "comparison_mappings" ADD CONSTRAINT "comparison_mappings_jurisdiction_code_partner_dataset_kind_pk" PRIMARY KEY("jurisdiction_code","partner","dataset_kind");
