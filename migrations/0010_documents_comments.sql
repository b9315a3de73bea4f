CREATE TABLE "document_comment_anchors" (
	"comment_id" uuid PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"anchor_start" text NOT NULL,
	"anchor_end" text NOT NULL,
	"quote" text NOT NULL,
	"resolved_at" timestamp (3) with time zone,
	"resolved_by" uuid
);
--> statement-breakpoint
ALTER TABLE "document_comment_anchors" ADD CONSTRAINT "document_comment_anchors_comment_id_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_comment_anchors" ADD CONSTRAINT "document_comment_anchors_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_comment_anchors" ADD CONSTRAINT "document_comment_anchors_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_comment_anchors_document_idx" ON "document_comment_anchors" USING btree ("document_id");