CREATE TABLE "street_report_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"jpeg" "bytea" NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"size" integer NOT NULL,
	"hidden_at" timestamp (3) with time zone,
	"hidden_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "street_report_photos" ADD CONSTRAINT "street_report_photos_report_id_street_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."street_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_report_photos" ADD CONSTRAINT "street_report_photos_hidden_by_users_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "street_report_photos_position_unique" ON "street_report_photos" USING btree ("report_id","position");