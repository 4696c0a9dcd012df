-- Links the committee makes on the uploads page («Неизвестные ОО»): a source identifier no registry school answers to,
-- tied to a registry school. The link itself is a school_ids row; this table remembers which rows the committee added
-- (who, when, the id as written) so they can be listed and undone, and re-made if a registry upload rebuilt school_ids.
CREATE TABLE school_links (
  id_value VARCHAR NOT NULL, id_kind VARCHAR NOT NULL, school_code VARCHAR NOT NULL,
  family VARCHAR NOT NULL, source_ref VARCHAR NOT NULL, linked_by VARCHAR, linked_at TIMESTAMP NOT NULL,
  PRIMARY KEY (id_value, id_kind)
);
-- Families without a kind of their own get one for committee links: open data (its ids are its own namespace, so a
-- registry code never matches them), journals and the committee's forms (an alias of a registry school).
CREATE OR REPLACE MACRO ref_kind_rank(family, kind) AS CASE
  WHEN family = 'fisoko' THEN CASE kind WHEN 'fisoko_login' THEN 1 WHEN 'name' THEN 2 END
  WHEN family = 'rcoi' THEN CASE kind WHEN 'rcoi_code' THEN 1 WHEN 'name' THEN 2 END
  WHEN family = 'open-data' THEN CASE kind WHEN 'open_data_id' THEN 1 END
  WHEN family = 'journal' THEN CASE kind WHEN 'registry' THEN 1 WHEN 'name' THEN 2 WHEN 'journal_ref' THEN 3 END
  ELSE CASE kind WHEN 'registry' THEN 1 WHEN 'fisoko_login' THEN 2 WHEN 'rcoi_code' THEN 3 WHEN 'name' THEN 4 WHEN 'alias' THEN 5 END END;
