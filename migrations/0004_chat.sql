CREATE TABLE "chat_accounts" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"matrix_user_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_accounts_matrix_user_id_unique" UNIQUE("matrix_user_id")
);
--> statement-breakpoint
CREATE TABLE "chat_reported_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"space_id" uuid NOT NULL,
	"matrix_room_id" text NOT NULL,
	"matrix_event_id" text NOT NULL,
	"sender" text NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"hidden_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_reported_messages_matrix_event_id_unique" UNIQUE("matrix_event_id")
);
--> statement-breakpoint
CREATE TABLE "chat_rooms" (
	"space_id" uuid PRIMARY KEY NOT NULL,
	"matrix_room_id" text NOT NULL,
	"alias" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"reconciled_at" timestamp (3) with time zone,
	CONSTRAINT "chat_rooms_matrix_room_id_unique" UNIQUE("matrix_room_id")
);
--> statement-breakpoint
ALTER TABLE "chat_accounts" ADD CONSTRAINT "chat_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_reported_messages" ADD CONSTRAINT "chat_reported_messages_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_reported_messages" ADD CONSTRAINT "chat_reported_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_rooms" ADD CONSTRAINT "chat_rooms_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_reported_messages_space_idx" ON "chat_reported_messages" USING btree ("space_id");