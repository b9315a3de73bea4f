CREATE TABLE "budget_order_lines" (
	"order_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "budget_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"budget_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"checked_out_at" timestamp (3) with time zone,
	"postal_code" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "budget_paper_votes" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"budget_id" uuid NOT NULL,
	"votes" integer NOT NULL,
	"entered_by" uuid,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_paper_votes_non_negative" CHECK ("budget_paper_votes"."votes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "budget_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"budget_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"cost" integer NOT NULL,
	"proposal_id" uuid,
	"longitude" double precision,
	"latitude" double precision,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_projects_cost_positive" CHECK ("budget_projects"."cost" > 0)
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"space_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"total_amount" integer NOT NULL,
	"rule" text NOT NULL,
	"min_share_percent" integer,
	"min_projects" integer,
	"max_projects" integer,
	"eligibility" text DEFAULT 'any' NOT NULL,
	"min_account_age_days" integer,
	"resident_postal_codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"opens_at" timestamp (3) with time zone NOT NULL,
	"closes_at" timestamp (3) with time zone NOT NULL,
	"closed_at" timestamp (3) with time zone,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budgets_total_positive" CHECK ("budgets"."total_amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "budget_order_lines" ADD CONSTRAINT "budget_order_lines_order_id_budget_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."budget_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_order_lines" ADD CONSTRAINT "budget_order_lines_project_id_budget_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."budget_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_orders" ADD CONSTRAINT "budget_orders_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_orders" ADD CONSTRAINT "budget_orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_paper_votes" ADD CONSTRAINT "budget_paper_votes_project_id_budget_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."budget_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_paper_votes" ADD CONSTRAINT "budget_paper_votes_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_paper_votes" ADD CONSTRAINT "budget_paper_votes_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_projects" ADD CONSTRAINT "budget_projects_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_projects" ADD CONSTRAINT "budget_projects_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "budget_order_lines_unique" ON "budget_order_lines" USING btree ("order_id","project_id");--> statement-breakpoint
CREATE INDEX "budget_order_lines_project_idx" ON "budget_order_lines" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "budget_orders_person_unique" ON "budget_orders" USING btree ("budget_id","user_id");--> statement-breakpoint
CREATE INDEX "budget_orders_checked_out_idx" ON "budget_orders" USING btree ("budget_id") WHERE "budget_orders"."checked_out_at" is not null;--> statement-breakpoint
CREATE INDEX "budget_paper_votes_budget_idx" ON "budget_paper_votes" USING btree ("budget_id");--> statement-breakpoint
CREATE UNIQUE INDEX "budget_projects_number_unique" ON "budget_projects" USING btree ("budget_id","number");--> statement-breakpoint
CREATE INDEX "budgets_space_idx" ON "budgets" USING btree ("space_id","created_at");