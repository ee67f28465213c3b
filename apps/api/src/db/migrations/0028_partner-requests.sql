-- A partner's kinds (decision 037): they are of the organization, not of one subscription. The migrator
-- runs every pending migration in one transaction, where an added enum value cannot be used yet: the
-- check below compares the kind as text, and no statement here names the new values as the enum.
ALTER TYPE "public"."change_request_kind" ADD VALUE 'end_user_registration';--> statement-breakpoint
ALTER TYPE "public"."change_request_kind" ADD VALUE 'partner_level_upgrade';--> statement-breakpoint
ALTER TABLE "change_requests" DROP CONSTRAINT "change_requests_kind_facts";--> statement-breakpoint
ALTER TABLE "change_requests" ALTER COLUMN "subscription_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "change_requests" ADD COLUMN "end_user_name" text;--> statement-breakpoint
ALTER TABLE "change_requests" ADD COLUMN "end_user_contact_name" text;--> statement-breakpoint
ALTER TABLE "change_requests" ADD COLUMN "end_user_contact_email" text;--> statement-breakpoint
ALTER TABLE "change_requests" ADD COLUMN "currency" text;--> statement-breakpoint
ALTER TABLE "change_requests" ADD COLUMN "end_user_organization_id" uuid;--> statement-breakpoint
ALTER TABLE "change_requests" ADD COLUMN "partner_level" "partner_level";--> statement-breakpoint
ALTER TABLE "change_requests" ADD COLUMN "from_partner_level" "partner_level";--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_end_user_organization_id_organizations_id_fk" FOREIGN KEY ("end_user_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_kind_facts" CHECK (("change_requests"."kind" <> 'additional_servers' or "change_requests"."servers" between 1 and 10000)
        and ("change_requests"."kind" <> 'additional_service' or "change_requests"."product_id" is not null)
        and ("change_requests"."kind" <> 'tier_change' or ("change_requests"."tier" is not null and "change_requests"."from_tier" is not null))
        and ("change_requests"."kind"::text in ('end_user_registration', 'partner_level_upgrade')) = ("change_requests"."subscription_id" is null)
        and ("change_requests"."kind"::text <> 'end_user_registration' or ("change_requests"."servers" between 1 and 100000
          and "change_requests"."tier" is not null and "change_requests"."end_user_name" is not null
          and "change_requests"."end_user_contact_name" is not null and "change_requests"."end_user_contact_email" is not null
          and "change_requests"."currency" is not null
          and ("change_requests"."status" = 'applied') = ("change_requests"."end_user_organization_id" is not null)))
        and ("change_requests"."kind"::text <> 'partner_level_upgrade' or ("change_requests"."partner_level" > "change_requests"."from_partner_level"
          and "change_requests"."note" is not null)));