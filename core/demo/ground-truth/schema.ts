// The demo's ground truth for the decision models (issue 8, item 6): every anomaly and every
// duplicate master record the demo loader injected on purpose, so tests and the model registry can
// compute precision and recall against what is known to be there.
import { sql } from "drizzle-orm";
import { check, index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, refColumn } from "../../shared/columns";

export const demoGroundTruth = pgTable("demo_ground_truth", {
  id: idColumn(),
  /** 'anomaly': one subject that is out of the ordinary; 'duplicate': subject and other_subject are one real party. */
  kind: text("kind").notNull(),
  /** What the subject is: journal_entry, supplier_payment, price_list_line, inventory_document, sales_order, customer, supplier. */
  subjectType: text("subject_type").notNull(),
  subjectId: refColumn("subject_id").notNull(),
  otherSubjectId: refColumn("other_subject_id"),
  description: text("description").notNull(),
  createdAt: createdAtColumn(),
}, (t) => [
  check("demo_ground_truth_kind", sql`${t.kind} in ('anomaly', 'duplicate')`),
  check("demo_ground_truth_pair", sql`(${t.kind} = 'duplicate') = (${t.otherSubjectId} is not null)`),
  index("demo_ground_truth_kind_subject").on(t.kind, t.subjectType, t.subjectId),
]);
