-- Per-person service aggregate (person_service_summary), kept up to date in the inserting transaction.
-- Type codes: the order of SERVICE_TYPES in @bangfu/rules (a test checks they agree); a new type needs a migration.
CREATE OR REPLACE FUNCTION bangfu_service_code(t text) RETURNS int AS $$
  SELECT array_position(ARRAY['registration_service','information_service','policy_service','business_service','career_guidance','job_recommendation','training_recommendation','policy_briefing','job_search_skills','entrepreneurship_service','counselling','job_tasting','internship','recruitment_event','public_welfare_post','follow_up','referral_civil_affairs','assistance_plan','other']::text[], t) - 1
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;
--> statement-breakpoint
-- After each INSERT statement (rows, bulk, COPY): countable new records are appended; a correction removes the value
-- of the record it supersedes (one occurrence; a voided record never counted) and adds its own unless it voids.
CREATE OR REPLACE FUNCTION bangfu_service_summary_insert() RETURNS trigger AS $$
DECLARE
  r record;
BEGIN
  INSERT INTO person_service_summary AS s (person_id, services)
  SELECT a.person_id, array_agg((a.served_on - DATE '1970-01-01') * 32 + bangfu_service_code(a.type) ORDER BY a.served_on)
  FROM added a
  WHERE NOT a.voided AND bangfu_service_code(a.type) IS NOT NULL
  GROUP BY a.person_id
  ON CONFLICT (person_id) DO UPDATE SET services = s.services || EXCLUDED.services, updated_at = now();
  FOR r IN
    SELECT o.person_id, (o.served_on - DATE '1970-01-01') * 32 + bangfu_service_code(o.type) AS v
    FROM added a JOIN service_records o ON o.person_id = a.person_id AND o.id = a.supersedes_id
    WHERE a.supersedes_id IS NOT NULL AND NOT o.voided AND bangfu_service_code(o.type) IS NOT NULL
  LOOP
    UPDATE person_service_summary s
    SET services = s.services[1:array_position(s.services, r.v) - 1] || s.services[array_position(s.services, r.v) + 1:], updated_at = now()
    WHERE s.person_id = r.person_id AND array_position(s.services, r.v) IS NOT NULL;
  END LOOP;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER service_records_summary AFTER INSERT ON service_records
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION bangfu_service_summary_insert();
--> statement-breakpoint
-- A merge (persons.merged_into set) folds the merged-away file's services into the survivor's aggregate.
CREATE OR REPLACE FUNCTION bangfu_service_summary_merge() RETURNS trigger AS $$
BEGIN
  INSERT INTO person_service_summary AS s (person_id, services)
  SELECT NEW.merged_into, d.services FROM person_service_summary d WHERE d.person_id = NEW.id AND cardinality(d.services) > 0
  ON CONFLICT (person_id) DO UPDATE SET services = s.services || EXCLUDED.services, updated_at = now();
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER persons_merge_service_summary AFTER UPDATE OF merged_into ON persons
  FOR EACH ROW WHEN (NEW.merged_into IS NOT NULL AND OLD.merged_into IS DISTINCT FROM NEW.merged_into)
  EXECUTE FUNCTION bangfu_service_summary_merge();
--> statement-breakpoint
-- Backfill: each person's own countable records, then merged-away files' records added to their final survivor.
INSERT INTO person_service_summary (person_id, services)
SELECT sr.person_id, array_agg((sr.served_on - DATE '1970-01-01') * 32 + bangfu_service_code(sr.type) ORDER BY sr.served_on)
FROM service_records sr
WHERE NOT sr.voided AND bangfu_service_code(sr.type) IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM service_records c WHERE c.person_id = sr.person_id AND c.supersedes_id = sr.id)
GROUP BY sr.person_id;
--> statement-breakpoint
INSERT INTO person_service_summary AS s (person_id, services)
WITH RECURSIVE chain(origin, target) AS (
  SELECT id, merged_into FROM persons WHERE merged_into IS NOT NULL
  UNION ALL
  SELECT c.origin, p.merged_into FROM chain c JOIN persons p ON p.id = c.target WHERE p.merged_into IS NOT NULL
)
SELECT c.target, array_agg(v.v)
FROM chain c
JOIN persons root ON root.id = c.target AND root.merged_into IS NULL
JOIN person_service_summary d ON d.person_id = c.origin
CROSS JOIN LATERAL unnest(d.services) AS v(v)
GROUP BY c.target
ON CONFLICT (person_id) DO UPDATE SET services = s.services || EXCLUDED.services, updated_at = now();
