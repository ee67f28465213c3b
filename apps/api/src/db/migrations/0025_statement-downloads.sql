ALTER TABLE "account_statements" ADD COLUMN "csv" text NOT NULL;--> statement-breakpoint
ALTER TABLE "account_statements" ADD COLUMN "pdf" "bytea" NOT NULL;