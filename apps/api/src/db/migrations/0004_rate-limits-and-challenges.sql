ALTER TYPE "public"."one_time_token_purpose" ADD VALUE 'two_factor_challenge';--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL
);
