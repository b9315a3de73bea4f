CREATE TABLE "street_report_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"parent_id" uuid,
	"slug" text NOT NULL,
	"name_fr" text NOT NULL,
	"name_en" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "street_report_categories_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "street_report_competences" (
	"organisation_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "street_report_competences_organisation_id_category_id_pk" PRIMARY KEY("organisation_id","category_id")
);
--> statement-breakpoint
CREATE TABLE "street_report_connectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"category_id" uuid,
	"kind" text NOT NULL,
	"url" text,
	"api_key" text,
	"jurisdiction_id" text,
	"service_code" text,
	"secret" text,
	"email" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "street_report_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"type" text NOT NULL,
	"status" text,
	"organisation_id" uuid,
	"from_organisation_id" uuid,
	"public_comment" text,
	"private_comment" text,
	"actor_id" uuid,
	"source" text DEFAULT 'agent' NOT NULL,
	"external_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "street_report_forwardings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"connector_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"service_request_id" text,
	"token" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp (3) with time zone,
	"external_status" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "street_report_settings" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"allow_anonymous" boolean DEFAULT true NOT NULL,
	"fallback" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "street_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tracking_code" text NOT NULL,
	"category_id" uuid NOT NULL,
	"organisation_id" uuid,
	"routing" text NOT NULL,
	"longitude" double precision NOT NULL,
	"latitude" double precision NOT NULL,
	"address" text,
	"description" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"reporter_id" uuid,
	"contact_name" text,
	"contact_email" text,
	"contact_phone" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "street_reports_tracking_code_unique" UNIQUE("tracking_code")
);
--> statement-breakpoint
ALTER TABLE "street_report_categories" ADD CONSTRAINT "street_report_categories_parent_id_street_report_categories_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."street_report_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_report_competences" ADD CONSTRAINT "street_report_competences_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_report_competences" ADD CONSTRAINT "street_report_competences_category_id_street_report_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."street_report_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_report_connectors" ADD CONSTRAINT "street_report_connectors_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_report_connectors" ADD CONSTRAINT "street_report_connectors_category_id_street_report_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."street_report_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_report_events" ADD CONSTRAINT "street_report_events_report_id_street_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."street_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_report_events" ADD CONSTRAINT "street_report_events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_report_events" ADD CONSTRAINT "street_report_events_from_organisation_id_organisations_id_fk" FOREIGN KEY ("from_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_report_events" ADD CONSTRAINT "street_report_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_report_forwardings" ADD CONSTRAINT "street_report_forwardings_report_id_street_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."street_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_report_forwardings" ADD CONSTRAINT "street_report_forwardings_connector_id_street_report_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."street_report_connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_report_settings" ADD CONSTRAINT "street_report_settings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_reports" ADD CONSTRAINT "street_reports_category_id_street_report_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."street_report_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_reports" ADD CONSTRAINT "street_reports_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_reports" ADD CONSTRAINT "street_reports_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "street_report_categories_parent_idx" ON "street_report_categories" USING btree ("parent_id","position");--> statement-breakpoint
CREATE INDEX "street_report_competences_category_idx" ON "street_report_competences" USING btree ("category_id");--> statement-breakpoint
CREATE UNIQUE INDEX "street_report_connectors_scope_unique" ON "street_report_connectors" USING btree ("organisation_id",coalesce("category_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE INDEX "street_report_events_report_idx" ON "street_report_events" USING btree ("report_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "street_report_events_external_unique" ON "street_report_events" USING btree ("report_id","external_id") WHERE "street_report_events"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "street_report_forwardings_once" ON "street_report_forwardings" USING btree ("report_id","connector_id");--> statement-breakpoint
CREATE INDEX "street_report_forwardings_status_idx" ON "street_report_forwardings" USING btree ("status","connector_id");--> statement-breakpoint
CREATE INDEX "street_report_forwardings_request_idx" ON "street_report_forwardings" USING btree ("connector_id","service_request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "street_report_settings_one_fallback" ON "street_report_settings" USING btree ("fallback") WHERE "street_report_settings"."fallback";--> statement-breakpoint
CREATE INDEX "street_reports_organisation_idx" ON "street_reports" USING btree ("organisation_id","status","created_at");--> statement-breakpoint
CREATE INDEX "street_reports_place_idx" ON "street_reports" USING btree ("category_id","longitude","latitude");--> statement-breakpoint
CREATE INDEX "street_reports_created_idx" ON "street_reports" USING btree ("created_at","id");