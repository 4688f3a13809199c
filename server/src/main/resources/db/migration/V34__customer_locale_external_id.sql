-- A customer's language (mails and pages): Korean unless the merchant says English.
ALTER TABLE customer ADD COLUMN locale TEXT NOT NULL DEFAULT 'ko' CHECK (locale IN ('ko', 'en'));

-- The merchant's own id for a customer names one live customer: a deleted customer frees it.
DROP INDEX customer_external_id_idx;
CREATE UNIQUE INDEX customer_external_id_unique ON customer (external_id)
  WHERE external_id IS NOT NULL AND deleted_at IS NULL;

-- Lists page by id (newest first) and filter by creation time.
CREATE INDEX customer_created_at_idx ON customer (created_at, id);
