-- Service records are append-only (R8.3 有迹可循): a correction is a new row that supersedes, never an UPDATE.
CREATE OR REPLACE FUNCTION bangfu_service_records_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'service_records is append-only; record a correction instead (服务记录只允许追加，请登记更正记录)';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER service_records_no_update BEFORE UPDATE OR DELETE ON service_records
  FOR EACH ROW EXECUTE FUNCTION bangfu_service_records_append_only();
